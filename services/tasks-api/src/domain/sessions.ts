import { randomUUID } from 'node:crypto';
import type { Prisma } from '@taskmesh/db';
import type { AccessTokenSigner } from '@taskmesh/platform';
import { newRefreshToken } from '../security/refresh-tokens';

export interface Session {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
}

export interface SessionSettings {
  tokens: AccessTokenSigner;
  refreshTtlSeconds: number;
}

/** Issues an access token and a refresh token (of a new family, or of the given one on rotation). */
export async function issueSession(
  tx: Prisma.TransactionClient,
  user: { id: string; role: 'user' | 'admin' },
  settings: SessionSettings,
  familyId: string = randomUUID(),
): Promise<Session> {
  const refresh = newRefreshToken();
  const expiresAt = new Date(Date.now() + settings.refreshTtlSeconds * 1000);
  await tx.refreshToken.create({ data: { userId: user.id, tokenHash: refresh.hash, familyId, expiresAt } });
  const access = await settings.tokens.sign(user);
  return {
    accessToken: access.token,
    tokenType: 'Bearer',
    expiresIn: access.expiresIn,
    refreshToken: refresh.token,
    refreshExpiresAt: expiresAt.toISOString(),
  };
}
