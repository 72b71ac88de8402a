import type { Request, RequestHandler } from 'express';
import type { AccessTokenVerifier, Role } from './access-tokens';
import { AppError, ErrorCode } from './errors';
import { scopeRefusal, type TokenScope } from './personal-tokens';

/** Who is calling: a signed-in user (with a role). */
export interface Principal {
  userId: string;
  role: Role;
  /** A personal access token's scopes and id (issue 20); absent for a sign-in token. */
  scopes?: readonly TokenScope[];
  tokenId?: string;
}

const principals = new WeakMap<Request, Principal>();

/** Reads the bearer token if there is one; routes that need a user call principalOf(). */
export function authenticate(tokens: AccessTokenVerifier): RequestHandler {
  return async (req, _res, next) => {
    const header = req.header('authorization');
    if (!header) {
      next();
      return;
    }
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header);
    if (!match?.[1]) {
      next(new AppError(ErrorCode.unauthorized, 'Authorization must be "Bearer <access token>"'));
      return;
    }
    try {
      const { userId, role, scopes, tokenId } = await tokens.verify(match[1]);
      // A personal access token may only do what its scopes say, on every route of every app.
      const refusal = scopes ? scopeRefusal(scopes, req.method) : undefined;
      if (refusal) throw new AppError(ErrorCode.forbidden, `Not allowed with a personal access token: ${refusal}`);
      principals.set(req, { userId, role, ...(scopes ? { scopes } : {}), ...(tokenId ? { tokenId } : {}) });
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** The signed-in caller, or 401. */
export function principalOf(req: Request): Principal {
  const principal = principals.get(req);
  if (!principal) {
    throw new AppError(
      ErrorCode.unauthorized,
      'Sign in first: send an access token as "Authorization: Bearer <token>"',
      {
        headers: { 'www-authenticate': 'Bearer' },
      },
    );
  }
  return principal;
}

/**
 * Refuses personal access tokens on a route that manages the account itself
 * (sign-in, sessions, password, email, tokens): a leaked token must not mint
 * more tokens or take the account over (decision 013).
 */
export function requireSignInToken(principal: Principal): void {
  if (principal.scopes)
    throw new AppError(ErrorCode.forbidden, 'Sign in to do this: personal access tokens cannot manage the account');
}

/** The principal as a rate-limit key, if signed in. */
export const principalKey = (req: Request): string | undefined => principals.get(req)?.userId;

/**
 * The app that called through Dapr service invocation: the caller's sidecar
 * sets dapr-caller-app-id, and only this app's own sidecar can reach it (app
 * API token). Routes meant for other services (not users) accept only the
 * listed callers.
 */
export function requireCallerApp(req: Request, allowed: readonly string[]): string {
  const caller = req.header('dapr-caller-app-id');
  if (!caller || !allowed.includes(caller)) {
    throw new AppError(ErrorCode.forbidden, `Only ${allowed.join(', ')} may call this route`);
  }
  return caller;
}
