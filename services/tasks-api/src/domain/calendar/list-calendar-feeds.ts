import type { PrismaClient } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import type { CalendarFeedView } from './calendar-feed-input';
import { toFeedView } from './calendar-feed-view';

/** The user's active feeds, newest first (without their tokens, which are not kept). */
export async function listCalendarFeeds(prisma: PrismaClient, principal: Principal): Promise<CalendarFeedView[]> {
  const rows = await prisma.calendarFeed.findMany({
    where: { ownerId: principal.userId, revokedAt: null },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(toFeedView);
}
