import { NotificationView } from '@taskmesh/contracts';
import { ProblemSchema } from '@taskmesh/platform';
import { z } from 'zod';

const problem = (description: string) => ({ description, schema: ProblemSchema });
const common = { 400: problem('Invalid input'), 401: problem('No valid access token') };
const IdParams = z.object({ id: z.string().uuid('id must be a notification id (UUID)') }).strict();

export const notificationRouteSpecs = {
  list: {
    method: 'get',
    path: '/notifications',
    operationId: 'listNotifications',
    summary: 'Your in-app notifications, newest first, with the unread count',
    tag: 'notifications',
    security: 'bearer',
    query: z
      .object({
        unread: z
          .enum(['true', 'false'])
          .transform((v) => v === 'true')
          .optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
        cursor: z.string().uuid('cursor must be the nextCursor of the previous page').optional(),
      })
      .strict(),
    responses: {
      200: {
        description: 'A page',
        schema: z.object({
          items: z.array(NotificationView),
          nextCursor: z.string().nullable(),
          unreadCount: z.number().int(),
        }),
      },
      ...common,
    },
  },
  unreadCount: {
    method: 'get',
    path: '/notifications/unread-count',
    operationId: 'unreadNotificationCount',
    summary: 'How many of your notifications are unread',
    tag: 'notifications',
    security: 'bearer',
    responses: { 200: { description: 'Count', schema: z.object({ unreadCount: z.number().int() }) }, ...common },
  },
  markRead: {
    method: 'post',
    path: '/notifications/:id/read',
    operationId: 'markNotificationRead',
    summary: 'Mark one notification read',
    tag: 'notifications',
    security: 'bearer',
    params: IdParams,
    responses: {
      200: { description: 'The notification', schema: NotificationView },
      ...common,
      404: problem('No such notification of yours'),
    },
  },
  markAllRead: {
    method: 'post',
    path: '/notifications/read-all',
    operationId: 'markAllNotificationsRead',
    summary: 'Mark all your notifications read',
    tag: 'notifications',
    security: 'bearer',
    responses: { 200: { description: 'How many changed', schema: z.object({ marked: z.number().int() }) }, ...common },
  },
} as const;
