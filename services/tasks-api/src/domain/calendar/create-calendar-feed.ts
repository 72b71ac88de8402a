import { randomBytes } from 'node:crypto';
import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { requireProject } from '../projects/project-access';
import type { CalendarFeedView, CreateCalendarFeedInput } from './calendar-feed-input';
import { feedPath, maxActiveFeeds, toFeedView } from './calendar-feed-view';
import { hashToken } from '../../security/refresh-tokens';

/**
 * A new feed at a secret URL (issue 20). A project feed needs the right to
 * see the project (a non-member gets 404, as everywhere); the token is
 * returned here only, and only its hash is stored.
 */
export async function createCalendarFeed(
  tx: Prisma.TransactionClient,
  principal: Principal,
  input: CreateCalendarFeedInput,
): Promise<CalendarFeedView & { token: string; path: string }> {
  if (input.projectId) {
    const { role } = await requireProject(tx, principal, input.projectId, 'view');
    // A feed is read as its owner's membership allows (read-calendar-feed.ts): an
    // admin who is not a member reads projects through the API, not through a feed.
    if (role === null) throw new AppError(ErrorCode.notFound, 'Project not found');
  }
  // Serialised per user (the user row), so two creates cannot both pass the limit.
  await tx.$queryRaw`SELECT 1 FROM tasks_api.users WHERE id = ${principal.userId}::uuid FOR UPDATE`;
  const active = await tx.calendarFeed.count({ where: { ownerId: principal.userId, revokedAt: null } });
  if (active >= maxActiveFeeds)
    throw new AppError(ErrorCode.conflict, `At most ${maxActiveFeeds} calendar feeds: revoke one first`);
  const token = randomBytes(32).toString('base64url');
  const row = await tx.calendarFeed.create({
    data: {
      ownerId: principal.userId,
      projectId: input.projectId ?? null,
      name: input.name,
      tokenHash: hashToken(token),
    },
  });
  return { ...toFeedView(row), token, path: feedPath(token) };
}
