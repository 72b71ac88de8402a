import type { PrismaClient } from '@taskmesh/db';
import { defineRoute, principalOf } from '@taskmesh/platform';
import { listNotifications, markAllRead, markRead, unreadCount } from '../domain/notifications';
import { notificationRouteSpecs } from './notification-specs';

export function notificationRoutes(prisma: PrismaClient) {
  const specs = notificationRouteSpecs;
  return [
    defineRoute(specs.list, async (req, res, { query }) => {
      res.json(await listNotifications(prisma, principalOf(req), query));
    }),
    defineRoute(specs.unreadCount, async (req, res) => {
      res.json({ unreadCount: await unreadCount(prisma, principalOf(req)) });
    }),
    defineRoute(specs.markAllRead, async (req, res) => {
      res.json({ marked: await markAllRead(prisma, principalOf(req)) });
    }),
    defineRoute(specs.markRead, async (req, res, { params }) => {
      res.json(await markRead(prisma, principalOf(req), params.id));
    }),
  ];
}
