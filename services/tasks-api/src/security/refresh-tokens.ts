import { createHash, randomBytes } from 'node:crypto';

/** An opaque refresh token and the hash stored in its place. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

/** SHA-256 of a bearer secret (a refresh token, an account link token): what is stored in its place. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const hashRefreshToken = hashToken;
