import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@taskmesh/db';
import { testDatabase } from './database';
import { accountEmailTo, linkToken, type Mailbox, stackMailbox } from './mailbox';
import type { PushService, TestSubscription } from './push-service';
import { type InvokeResult, invoke } from './stack';
import { waitFor } from './wait-for';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  /** Calls tasks-api through the client sidecar as this user. */
  api: TasksApi;
}

export interface TasksApi {
  get<T = any>(path: string, headers?: Record<string, string>): Promise<InvokeResult<T>>;
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<InvokeResult<T>>;
  patch<T = any>(path: string, body: unknown, headers?: Record<string, string>): Promise<InvokeResult<T>>;
  put<T = any>(path: string, body: unknown, headers?: Record<string, string>): Promise<InvokeResult<T>>;
  delete<T = any>(path: string, headers?: Record<string, string>): Promise<InvokeResult<T>>;
}

/** tasks-api through Dapr service invocation, with an optional bearer token. */
export function tasksApi(accessToken?: string): TasksApi {
  const auth: Record<string, string> = accessToken ? { authorization: `Bearer ${accessToken}` } : {};
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    invoke('tasks-api', path.replace(/^\//, ''), { method, body, headers: { ...auth, ...headers } });
  return {
    get: (path, headers) => call('GET', path, undefined, headers),
    post: (path, body, headers) => call('POST', path, body ?? {}, headers),
    patch: (path, body, headers) => call('PATCH', path, body, headers),
    put: (path, body, headers) => call('PUT', path, body, headers),
    delete: (path, headers) => call('DELETE', path, undefined, headers),
  };
}

/**
 * Calls again while the answer is 429 (a rate limit, or admission control
 * refusing work), waiting the Retry-After it gives, as a well-behaved client does.
 */
export async function untilAdmitted<T>(call: () => Promise<InvokeResult<T>>): Promise<InvokeResult<T>> {
  let result = await call();
  while (result.status === 429) {
    await new Promise((resolve) => setTimeout(resolve, Number(result.headers.get('retry-after') ?? 1) * 1000));
    result = await call();
  }
  return result;
}

/** Registers a fresh user, so every test owns its data and tests never depend on order. */
export async function signUp(
  overrides: { email?: string; password?: string; timeZone?: string } = {},
): Promise<TestUser> {
  const email = overrides.email ?? `user-${randomUUID()}@example.test`;
  const password = overrides.password ?? `pw-${randomUUID()}`;
  const body = { email, password, ...(overrides.timeZone ? { timeZone: overrides.timeZone } : {}) };
  // Registration is rate-limited per address; benchmarks that sign up thousands wait as told.
  const result = await untilAdmitted(() => tasksApi().post('auth/register', body));
  if (result.status !== 201) throw new Error(`signUp: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  const { user, accessToken, refreshToken } = result.body;
  return {
    id: user.id,
    email: user.email,
    password,
    accessToken,
    refreshToken,
    api: tasksApi(accessToken),
  };
}

/**
 * Verifies the user's email the way its owner does (issue 15): opens the link
 * reminder-agent emailed (read from `mailbox`), then waits until
 * reminder-agent knows the address is verified, since only then does it send
 * reminder email there. No shortcut into the database.
 */
export async function verifyEmail(user: Pick<TestUser, 'id' | 'email'>, mailbox: Mailbox): Promise<void> {
  const mail = await accountEmailTo(mailbox, user.email, 'verify-email');
  const result = await tasksApi().post('auth/verify-email', { token: linkToken(mail, 'verify-email') });
  if (result.status !== 204) throw new Error(`verifyEmail: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  const db = testDatabase();
  try {
    await waitFor(
      `reminder-agent knows ${user.email} is verified`,
      async () => (await db.reminderAgentVerifiedEmail.findUnique({ where: { userId: user.id } })) ?? undefined,
      { timeoutMs: 60_000 },
    );
  } finally {
    await db.$disconnect();
  }
}

/** A fresh user whose email is verified (reminder email reaches it), from the link in `mailbox`. */
export async function signUpVerified(
  mailbox: Mailbox = stackMailbox(),
  overrides: Parameters<typeof signUp>[0] = {},
): Promise<TestUser> {
  const user = await signUp(overrides);
  await verifyEmail(user, mailbox);
  return user;
}

/**
 * A fresh user with a web-push subscription on the test push service, once
 * reminder-agent has it too; with `mailbox`, its email verified through the
 * link found there (so reminder email reaches it).
 */
export async function signUpWithPush(
  push: PushService,
  db: PrismaClient,
  mailbox?: Mailbox,
): Promise<{ user: TestUser; subscription: TestSubscription }> {
  const user = mailbox ? await signUpVerified(mailbox) : await signUp();
  const subscription = push.subscribe();
  const registered = await user.api.post('me/push-subscriptions', {
    endpoint: subscription.endpoint,
    keys: subscription.keys,
  });
  if (registered.status !== 201) throw new Error(`push subscription: HTTP ${registered.status}`);
  await waitFor(
    'reminder-agent has the push subscription',
    async () => (await db.reminderAgentPushSubscription.findUnique({ where: { id: registered.body.id } })) ?? undefined,
    { timeoutMs: 60_000 },
  );
  return { user, subscription };
}

let counter = 0;

/** Creates a task for the user through tasks-api. */
export async function createTask(user: TestUser, overrides: Record<string, unknown> = {}) {
  counter += 1;
  const result = await user.api.post('tasks', { title: `Task ${counter} ${randomUUID().slice(0, 8)}`, ...overrides });
  if (result.status !== 201) throw new Error(`createTask: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  return result.body as {
    id: string;
    title: string;
    version: number;
    ownerId: string;
    projectId: string;
    tags: string[];
    status: string;
    priority: string;
    dueAt: string | null;
  };
}

/** Makes a user an admin (directly in the database: there is no API for it) and signs them in again. */
export async function promoteToAdmin(user: TestUser): Promise<TestUser> {
  const db = testDatabase();
  try {
    await db.user.update({ where: { id: user.id }, data: { role: 'admin' } });
  } finally {
    await db.$disconnect();
  }
  const login = await tasksApi().post('auth/login', { email: user.email, password: user.password });
  return { ...user, accessToken: login.body.accessToken, api: tasksApi(login.body.accessToken) };
}
