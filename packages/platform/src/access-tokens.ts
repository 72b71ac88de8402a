import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { AppError, ErrorCode } from './errors';

// Access tokens are issued by tasks-api alone, signed with an Ed25519 private
// key only its sidecar may read; every service that serves users verifies
// them with the public key (issue 15). A service that can verify can no
// longer mint a token for someone else.

const issuer = 'taskmesh';
const audience = 'taskmesh-api';
// Only EdDSA is accepted: `alg: none`, HS256 (even one keyed with the public
// key's text, the classic algorithm confusion) and every other algorithm fail.
const algorithm = 'EdDSA';

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
  /** Set for a personal access token (personal-tokens.ts): what it may do, and which token it is. */
  scopes?: readonly ('read' | 'write' | 'admin-read')[];
  tokenId?: string;
}

export interface AccessTokenVerifier {
  verify(token: string): Promise<VerifiedToken>;
}

export interface AccessTokenSigner extends AccessTokenVerifier {
  /** How long the tokens it signs are valid. */
  readonly ttlSeconds: number;
  sign(user: { id: string; role: Role }, sessionId?: string): Promise<{ token: string; expiresIn: number }>;
}

/** Verifies access tokens with the public key (PEM, SPKI) from the Dapr secret store. */
export function accessTokenVerifier(publicKeyPem: string): AccessTokenVerifier {
  const key = ed25519Key(createPublicKey(publicKeyPem), 'public');
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer, audience, algorithms: [algorithm] });
        const claims = AccessClaims.parse(payload);
        return { userId: claims.sub, role: claims.role, sessionId: claims.sid, expiresAt: new Date(claims.exp * 1000) };
      } catch (error) {
        const expired = error instanceof errors.JWTExpired;
        throw new AppError(
          ErrorCode.unauthorized,
          expired ? 'The access token has expired' : 'The access token is not valid',
          { headers: { 'www-authenticate': `Bearer error="invalid_token"` } },
        );
      }
    },
  };
}

/** Issues short-lived access tokens (JWT, EdDSA) with the private key (PEM, PKCS#8): tasks-api only. */
export function accessTokenSigner(privateKeyPem: string, ttlSeconds: number): AccessTokenSigner {
  const privateKey = ed25519Key(createPrivateKey(privateKeyPem), 'private');
  const verifier = accessTokenVerifier(createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString());
  return {
    ...verifier,
    ttlSeconds,
    async sign(user, sessionId) {
      const token = await new SignJWT({ role: user.role, ...(sessionId ? { sid: sessionId } : {}) })
        .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
        .setSubject(user.id)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(privateKey);
      return { token, expiresIn: ttlSeconds };
    },
  };
}

function ed25519Key(key: KeyObject, type: 'public' | 'private'): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519' || key.type !== type)
    throw new Error(`the JWT ${type} key must be an Ed25519 ${type} key (PEM)`);
  return key;
}
