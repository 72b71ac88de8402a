import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AccessTokenVerifier, VerifiedToken } from './access-tokens';
import type { DaprClient } from './dapr';
import { AppError, ErrorCode } from './errors';
import { invocationPath } from './invocation-path';
import type { Logger } from './logger';

// Personal access tokens (issue 20; docs/decisions/013): long-lived, scoped,
// revocable tokens a user makes for scripts and integrations, usable wherever
// a sign-in access token is. tasks-api issues and stores them (hashed); every
// app accepts them through the verifier below.

export const TokenScope = z.enum(['read', 'write', 'admin-read']);
export type TokenScope = z.infer<typeof TokenScope>;

/** What every personal access token starts with: apps tell it from a JWT without parsing it. */
export const personalTokenPrefix = 'tmpat_';
const tokenPattern = /^tmpat_[A-Za-z0-9_-]{43}$/;

export const isPersonalToken = (token: string): boolean => token.startsWith(personalTokenPrefix);

/** The SHA-256 (hex) tasks-api stores instead of the token. */
export const hashPersonalToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** What a valid personal access token stands for. */
export const PersonalTokenGrant = z.object({
  userId: z.string().uuid(),
  role: z.enum(['user', 'admin']),
  scopes: z.array(TokenScope).min(1),
  tokenId: z.string().uuid(),
  expiresAt: z.string(),
});
export type PersonalTokenGrant = z.infer<typeof PersonalTokenGrant>;

export const invalidPersonalToken = () =>
  new AppError(ErrorCode.unauthorized, 'The personal access token is not valid (unknown, expired or revoked)', {
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
  });

/**
 * A verifier that accepts sign-in access tokens (JWT) and personal access
 * tokens: the latter go to `resolve` (tasks-api's table, or tasks-api through
 * the sidecar). A token of the wrong shape is refused before any lookup.
 */
export function withPersonalTokens(
  jwt: AccessTokenVerifier,
  resolve: (token: string) => Promise<PersonalTokenGrant>,
): AccessTokenVerifier {
  return {
    async verify(token): Promise<VerifiedToken> {
      if (!isPersonalToken(token)) return jwt.verify(token);
      if (!tokenPattern.test(token)) throw invalidPersonalToken();
      const grant = await resolve(token);
      return {
        userId: grant.userId,
        // The admin role only with admin-read: an admin's token for a script acts as a plain user.
        role: grant.role === 'admin' && grant.scopes.includes('admin-read') ? 'admin' : 'user',
        expiresAt: new Date(grant.expiresAt),
        scopes: grant.scopes,
        tokenId: grant.tokenId,
      };
    },
  };
}

/**
 * Caches grants by the token's hash for `ttlMs` (30 s by default), so apps
 * that ask tasks-api do so once per token per interval; a revoked token then
 * stops working within that interval. Refusals are not cached.
 */
export function cachedGrants(
  resolve: (token: string) => Promise<PersonalTokenGrant>,
  { ttlMs = 30_000, maxEntries = 10_000, now = () => Date.now() } = {},
): (token: string) => Promise<PersonalTokenGrant> {
  const cache = new Map<string, { grant: PersonalTokenGrant; until: number }>();
  return async (token) => {
    const key = hashPersonalToken(token);
    const hit = cache.get(key);
    if (hit && hit.until > now() && Date.parse(hit.grant.expiresAt) > now()) return hit.grant;
    const grant = await resolve(token);
    if (cache.size >= maxEntries) cache.clear();
    cache.set(key, { grant, until: now() + ttlMs });
    return grant;
  };
}

/** Why a request made with these scopes may not use this method, or undefined when it may. */
export function scopeRefusal(scopes: readonly TokenScope[], method: string): string | undefined {
  const reading = method === 'GET' || method === 'HEAD';
  if (scopes.includes('write') || (reading && (scopes.includes('read') || scopes.includes('admin-read'))))
    return undefined;
  return reading ? 'this token has no read scope' : 'this token is read-only: changing anything needs the write scope';
}

/**
 * Grants from the app that owns personal access tokens (tasks-api), asked
 * through this app's sidecar (service invocation) and cached (cachedGrants).
 * tasks-api down is a 503, never a guess either way.
 */
export function grantsThroughApp(
  dapr: Pick<DaprClient, 'invoke'>,
  ownerAppId: string,
  logger: Logger,
): (token: string) => Promise<PersonalTokenGrant> {
  return cachedGrants(async (token) => {
    const response = await dapr.invoke(ownerAppId, invocationPath`internal/access-tokens/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    if (response.status === 200) return PersonalTokenGrant.parse(await response.json());
    if (response.status === 401) throw invalidPersonalToken();
    logger.warn({ status: response.status }, 'personal access token check failed');
    throw new AppError(ErrorCode.unavailable, 'Personal access tokens cannot be checked right now; try again', {
      headers: { 'retry-after': '1' },
    });
  });
}
