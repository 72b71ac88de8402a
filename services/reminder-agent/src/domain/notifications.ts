import type { NotificationView } from '@taskmesh/contracts';
import type { Notification, PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';

const toView = (n: Notification): NotificationView => ({
  id: n.id,
  userId: n.userId,
  taskId: n.taskId,
  reminderId: n.reminderId,
  kind: n.kind as NonNullable<NotificationView['kind']>,
  title: n.title,
  body: n.body,
  url: n.url,
  fireAt: n.fireAt.toISOString(),
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt?.toISOString() ?? null,
});

export async function unreadCount(prisma: PrismaClient, principal: Principal): Promise<number> {
  return prisma.notification.count({ where: { userId: principal.userId, readAt: null } });
}

/** The user's notifications, newest first, a page at a time (cursor: the last id of the previous page). */
export async function listNotifications(
  prisma: PrismaClient,
  principal: Principal,
  { unread, limit, cursor }: { unread?: boolean; limit: number; cursor?: string },
): Promise<{ items: NotificationView[]; nextCursor: string | null; unreadCount: number }> {
  const rows = await prisma.notification.findMany({
    where: { userId: principal.userId, ...(unread ? { readAt: null } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, limit).map(toView);
  return {
    items,
    nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null,
    unreadCount: await unreadCount(prisma, principal),
  };
}

/** Marks one notification read (again is fine). */
export async function markRead(prisma: PrismaClient, principal: Principal, id: string): Promise<NotificationView> {
  const found = await prisma.notification.findFirst({ where: { id, userId: principal.userId } });
  if (!found) throw new AppError(ErrorCode.notFound, 'Notification not found');
  if (found.readAt) return toView(found);
  return toView(await prisma.notification.update({ where: { id }, data: { readAt: new Date() } }));
}

export async function markAllRead(prisma: PrismaClient, principal: Principal): Promise<number> {
  const { count } = await prisma.notification.updateMany({
    where: { userId: principal.userId, readAt: null },
    data: { readAt: new Date() },
  });
  return count;
}
