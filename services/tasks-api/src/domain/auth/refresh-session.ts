import type { PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { hashRefreshToken } from '../../security/refresh-tokens';
import { endSession, issueSession, type Session, type SessionSettings } from './sessions';

/**
 * Exchanges a refresh token for a new session (rotation). A token that was
 * already rotated is being reused, which means it leaked: the whole family is
 * revoked, so neither the thief nor the owner can go on with it.
 */
export async function refreshSession(
  prisma: PrismaClient,
  refreshToken: string,
  settings: SessionSettings,
): Promise<Session> {
  const invalid = () => new AppError(ErrorCode.unauthorized, 'The refresh token is not valid; sign in again');
  const outcome = await prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text FROM refresh_tokens WHERE token_hash = ${hashRefreshToken(refreshToken)} FOR UPDATE`;
    if (!row) return { error: invalid() };
    const token = await tx.refreshToken.findUniqueOrThrow({ where: { id: row.id }, include: { user: true } });
    const now = new Date();
    if (token.rotatedAt) {
      await endSession(tx, token, 'refresh-token-reused', settings, now);
      return { error: invalid() };
    }
    if (token.revokedAt || token.expiresAt <= now) return { error: invalid() };
    await tx.refreshToken.update({ where: { id: token.id }, data: { rotatedAt: now } });
    return { session: await issueSession(tx, token.user, settings, token.familyId) };
  });
  // Thrown after commit, so the family revocation above is kept.
  if ('error' in outcome) throw outcome.error;
  return outcome.session;
}
