import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { AppError, ErrorCode } from './errors';

// Access tokens are issued by tasks-api and verified by every service that
// serves users (tasks-api, audit-agent), all with the signing key from the
// Dapr secret store.

const issuer = 'taskmesh';
const audience = 'taskmesh-api';
// Only HS256 is accepted; `alg: none` and any other algorithm fail verification.
const algorithms = ['HS256'];

export const Role = z.enum(['user', 'admin']);
export type Role = z.infer<typeof Role>;

// `sid` is the sign-in session (the refresh-token family) the token was issued
// in, so a service holding a long-lived connection can end just that session's
// connections at logout (issue 15). Optional: tokens issued before it existed.
const AccessClaims = z.object({
  sub: z.string().uuid(),
  role: Role,
  sid: z.string().uuid().optional(),
  exp: z.number(),
});

/** What a valid access token says. */
export interface VerifiedToken {
  userId: string;
  role: Role;
  sessionId?: string;
  expiresAt: Date;
}

export interface AccessTokenSigner {
  /** How long the tokens it signs are valid. */
  readonly ttlSeconds: number;
  sign(user: { id: string; role: Role }, sessionId?: string): Promise<{ token: string; expiresIn: number }>;
  verify(token: string): Promise<VerifiedToken>;
}

/** Short-lived access tokens (JWT, HS256) signed with the key from the Dapr secret store. */
export function accessTokens(signingKey: string, ttlSeconds: number): AccessTokenSigner {
  const key = new TextEncoder().encode(signingKey);
  return {
    ttlSeconds,
    async sign(user, sessionId) {
      const token = await new SignJWT({ role: user.role, ...(sessionId ? { sid: sessionId } : {}) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(user.id)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
      return { token, expiresIn: ttlSeconds };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer, audience, algorithms });
        const claims = AccessClaims.parse(payload);
        return { userId: claims.sub, role: claims.role, sessionId: claims.sid, expiresAt: new Date(claims.exp * 1000) };
      } catch (error) {
        const expired = error instanceof errors.JWTExpired;
        throw new AppError(
          ErrorCode.unauthorized,
          expired ? 'The access token has expired' : 'The access token is not valid',
          {
            headers: { 'www-authenticate': `Bearer error="invalid_token"` },
          },
        );
      }
    },
  };
}
