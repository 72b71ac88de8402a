import type { Request, RequestHandler } from 'express';
import type { AccessTokenVerifier, Role } from './access-tokens';
import { AppError, ErrorCode } from './errors';

/** Who is calling: a signed-in user (with a role). */
export interface Principal {
  userId: string;
  role: Role;
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
      const { userId, role } = await tokens.verify(match[1]);
      principals.set(req, { userId, role });
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
