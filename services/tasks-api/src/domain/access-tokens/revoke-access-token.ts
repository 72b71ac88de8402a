import { AccessTokenRevokedType } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { recordAccessTokenEvent } from './access-token-events';

/** Revokes one of the user's tokens: tasks-api refuses it at once, the other apps within 30 seconds. */
export async function revokeAccessToken(
  tx: Prisma.TransactionClient,
  principal: Principal,
  id: string,
  now = new Date(),
): Promise<void> {
  const { count } = await tx.personalAccessToken.updateMany({
    where: { id, userId: principal.userId, revokedAt: null },
    data: { revokedAt: now },
  });
  if (count === 0) throw new AppError(ErrorCode.notFound, 'Access token not found');
  const row = await tx.personalAccessToken.findUniqueOrThrow({ where: { id } });
  await recordAccessTokenEvent(tx, AccessTokenRevokedType, principal, row, now);
}
