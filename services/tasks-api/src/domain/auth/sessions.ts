import { randomUUID } from 'node:crypto';
import type { SessionEndedData } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { AccessTokenSigner } from '@taskmesh/platform';
import { newRefreshToken } from '../../security/refresh-tokens';
import { recordSessionEnded } from './session-events';

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

/**
 * Issues an access token and a refresh token (of a new family, or of the given
 * one on rotation). The family is the session: its id goes into the access
 * token as `sid`, so ending the session can end its live connections (issue 15).
 */
export async function issueSession(
  tx: Prisma.TransactionClient,
  user: { id: string; role: 'user' | 'admin' },
  settings: SessionSettings,
  familyId: string = randomUUID(),
): Promise<Session> {
  const refresh = newRefreshToken();
  const expiresAt = new Date(Date.now() + settings.refreshTtlSeconds * 1000);
  await tx.refreshToken.create({ data: { userId: user.id, tokenHash: refresh.hash, familyId, expiresAt } });
  const access = await settings.tokens.sign(user, familyId);
  return {
    accessToken: access.token,
    tokenType: 'Bearer',
    expiresIn: access.expiresIn,
    refreshToken: refresh.token,
    refreshExpiresAt: expiresAt.toISOString(),
  };
}

/**
 * Ends a session: revokes its refresh-token family and, the first time,
 * records session.ended, so realtime-sync closes the session's sockets at
 * once instead of when their access tokens expire (issue 15).
 */
export async function endSession(
  tx: Prisma.TransactionClient,
  session: { userId: string; familyId: string },
  reason: SessionEndedData['reason'],
  settings: SessionSettings,
  now = new Date(),
): Promise<void> {
  const { count } = await tx.refreshToken.updateMany({
    where: { familyId: session.familyId, revokedAt: null },
    data: { revokedAt: now },
  });
  if (count === 0) return;
  await recordSessionEnded(tx, {
    userId: session.userId,
    sessionId: session.familyId,
    reason,
    // The newest access token of the family was issued before now.
    tokensExpireBy: new Date(now.getTime() + settings.tokens.ttlSeconds * 1000).toISOString(),
    occurredAt: now.toISOString(),
  });
}
