import { randomBytes } from 'node:crypto';
import { type AppLoadContext, createCookie, createSessionStorage, redirect, type Session } from '@remix-run/node';
import { Component } from '@taskmesh/contracts';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from './api.server';
import { isApiProblem } from './api-problem';
import type { Toast, TokenSet, User } from './types';

/** What a browser session holds, in the Dapr state store; the cookie holds only the signed id. */
export interface SessionData {
  user: User;
  accessToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  refreshToken: string;
  /** Messages after changes, shown once by each page that loads within a few seconds (see pushToast). */
  toasts?: ShownToast[];
}
export type WebSession = Session<SessionData>;
export type ShownToast = Toast & { id: string; at: number };

const toastLifetimeMs = 15_000;

/**
 * Queues the message a change leaves for the next page. Not a Remix flash: a
 * flash is consumed by whichever request reads it first, and a live update's
 * data reload racing the post-action one (then discarded by the browser) could
 * eat it. Toasts stay for a few seconds and the browser shows each id once.
 */
export function pushToast(session: WebSession, toast: Toast, now = Date.now()): void {
  const recent = (session.get('toasts') ?? []).filter((t) => now - t.at < toastLifetimeMs).slice(-2);
  session.set('toasts', [...recent, { ...toast, id: randomBytes(8).toString('hex'), at: now }]);
}

/** The newest toast still worth showing. */
export function latestToast(session: WebSession, now = Date.now()): ShownToast | null {
  return (session.get('toasts') ?? []).filter((t) => now - t.at < toastLifetimeMs).at(-1) ?? null;
}

const stateKey = (id: string) => `web-session:${id}`;
// Refresh this long before the access token expires, so no call goes out with one about to lapse.
const refreshMarginMs = 60_000;

let storage: ReturnType<typeof buildStorage> | undefined;

function buildStorage({ dapr, config }: AppLoadContext) {
  const ttlSeconds = config.sessionTtlSeconds;
  return createSessionStorage<SessionData>({
    cookie: createCookie('taskmesh_session', {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: config.cookieSecure,
      secrets: [config.sessionSecret],
      maxAge: ttlSeconds,
    }),
    async createData(data) {
      // 192 random bits never collide, so no first-write guard: in Dapr's Redis
      // store a key written with first-write concurrency refuses every later
      // save that has no ETag (updateData), failing the session's next commit.
      const id = randomBytes(24).toString('base64url');
      await dapr.saveState(Component.stateStore, [{ key: stateKey(id), value: data, ttlSeconds }]);
      return id;
    },
    async readData(id) {
      const [item] = await dapr.getBulkState<Partial<SessionData>>(Component.stateStore, [stateKey(id)]);
      return item?.value ?? null;
    },
    async updateData(id, data) {
      await dapr.saveState(Component.stateStore, [{ key: stateKey(id), value: data, ttlSeconds }]);
    },
    async deleteData(id) {
      await dapr.deleteState(Component.stateStore, stateKey(id));
    },
  });
}

export function sessionStorage(context: AppLoadContext) {
  storage ??= buildStorage(context);
  return storage;
}

// One state-store read per request: with single fetch the root loader and the
// page's loaders run in one request with one load context, and share it.
const sessionOfRequest = new WeakMap<AppLoadContext, Promise<WebSession>>();

/** The request's session; `fresh` reads the store again (another request may have changed it). */
export function getSession(request: Request, context: AppLoadContext, { fresh = false } = {}): Promise<WebSession> {
  const known = fresh ? undefined : sessionOfRequest.get(context);
  if (known) return known;
  const read = sessionStorage(context).getSession(request.headers.get('cookie'));
  sessionOfRequest.set(context, read);
  return read;
}

export async function commitHeaders(session: WebSession, context: AppLoadContext): Promise<HeadersInit> {
  return { 'set-cookie': await sessionStorage(context).commitSession(session) };
}

/** Stores a freshly issued token set (and the user) in the session. */
export function signIn(session: WebSession, user: User, tokens: TokenSet): void {
  session.set('user', user);
  session.set('accessToken', tokens.accessToken);
  session.set('accessExpiresAt', Date.now() + tokens.expiresIn * 1000);
  session.set('refreshToken', tokens.refreshToken);
}

/**
 * Signs a user in on a new session id and deletes the session the browser
 * came with (issue 15: session fixation): an id planted in the browser before
 * login, or seen by someone, never becomes a signed-in session.
 */
export async function startSession(
  request: Request,
  context: AppLoadContext,
  user: User,
  tokens: TokenSet,
  /** A message for the first page (registration: the verification link is on its way). */
  toast?: Toast,
): Promise<HeadersInit> {
  const storage = sessionStorage(context);
  const previous = await getSession(request, context);
  if (previous.id) await storage.destroySession(previous);
  // Without a cookie: an empty session, stored under a fresh id when committed.
  const session = await storage.getSession();
  signIn(session, user, tokens);
  if (toast) pushToast(session, toast);
  return commitHeaders(session, context);
}

export interface SignedIn {
  user: User;
  token: string;
  session: WebSession;
}

// One refresh per session at a time in this process: loaders run in parallel,
// and a refresh token works once (tasks-api rotates it).
const refreshing = new Map<string, Promise<void>>();

async function refresh(session: WebSession, cookie: string | null, context: AppLoadContext): Promise<void> {
  const refreshToken = session.get('refreshToken');
  if (!refreshToken) throw new Error('no refresh token');
  try {
    const { data: tokens } = await callApp<TokenSet>(context, 'tasks-api', 'POST', invocationPath`/auth/refresh`, {
      body: { refreshToken },
    });
    const { data: user } = await callApp<User>(context, 'tasks-api', 'GET', invocationPath`/auth/me`, {
      token: tokens.accessToken,
    });
    signIn(session, user, tokens);
    await sessionStorage(context).commitSession(session);
  } catch (error) {
    if (!isApiProblem(error) || error.status !== 401) throw error;
    // Another web replica may have rotated the token first: its result is in the store.
    const stored = await sessionStorage(context).getSession(cookie);
    if (!stored.get('accessToken') || stored.get('refreshToken') === refreshToken) throw error;
  }
}

/** The signed-in user with a current access token, or undefined. */
export async function currentUser(
  request: Request,
  context: AppLoadContext,
  reread = true,
): Promise<SignedIn | undefined> {
  const session = await getSession(request, context, { fresh: !reread });
  const user = session.get('user');
  const expiresAt = session.get('accessExpiresAt');
  if (!user || !expiresAt) return undefined;
  if (expiresAt - Date.now() < refreshMarginMs) {
    let pending = refreshing.get(session.id);
    if (!pending) {
      pending = refresh(session, request.headers.get('cookie'), context).finally(() => refreshing.delete(session.id));
      refreshing.set(session.id, pending);
    }
    try {
      await pending;
    } catch (error) {
      if (isApiProblem(error) && error.status === 401) return undefined;
      throw error;
    }
    // Another loader's (or replica's) refresh updated the store, not this copy of the session.
    if (session.get('accessExpiresAt') === expiresAt) return reread ? currentUser(request, context, false) : undefined;
  }
  return { user: session.get('user') as User, token: session.get('accessToken') as string, session };
}

/** The signed-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request, context: AppLoadContext): Promise<SignedIn> {
  const signedIn = await currentUser(request, context);
  if (signedIn) return signedIn;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}
