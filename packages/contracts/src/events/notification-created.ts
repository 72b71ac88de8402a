import { z } from 'zod';
import { cloudEvent } from './envelope';

/**
 * An in-app notification was stored for a user (a reminder's in_app channel,
 * an assignment or a mention);
 * realtime-sync pushes it to the user's open browsers. Partition key: the user id.
 */
export const NotificationCreatedType = 'notification.created';
export const NotificationView = z.object({
  id: z.string().uuid(),
  userId: z.string().uuid(),
  taskId: z.string().uuid(),
  /** The reminder that fired; null for assignment and mention notifications (issue 19). */
  reminderId: z.string().uuid().nullable(),
  /** Why: a reminder fired, or the user was assigned or mentioned (absent before issue 19: reminder). */
  kind: z.enum(['reminder', 'assigned', 'mentioned']).optional(),
  title: z.string(),
  body: z.string(),
  /** Where the notification leads: the task in the web UI. */
  url: z.string(),
  fireAt: z.string().datetime({ offset: true }),
  createdAt: z.string().datetime({ offset: true }),
  readAt: z.string().datetime({ offset: true }).nullable(),
});
export type NotificationView = z.infer<typeof NotificationView>;
export const NotificationCreatedData = z.object({ notification: NotificationView, unreadCount: z.number().int() });
export type NotificationCreatedData = z.infer<typeof NotificationCreatedData>;
export const NotificationCreated = cloudEvent(NotificationCreatedType, NotificationCreatedData);
export type NotificationCreated = z.infer<typeof NotificationCreated>;
