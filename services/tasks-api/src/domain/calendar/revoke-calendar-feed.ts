import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';

/** Revokes one of the user's feeds: its URL answers 404 from now on. Another user's feed is a 404. */
export async function revokeCalendarFeed(
  tx: Prisma.TransactionClient,
  principal: Principal,
  id: string,
  now = new Date(),
): Promise<void> {
  const { count } = await tx.calendarFeed.updateMany({
    where: { id, ownerId: principal.userId, revokedAt: null },
    data: { revokedAt: now },
  });
  if (count === 0) throw new AppError(ErrorCode.notFound, 'Calendar feed not found');
}
