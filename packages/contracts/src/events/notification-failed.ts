import { z } from 'zod';
import { ReminderChannel } from '../reminder-channel';
import { cloudEvent } from './envelope';

/**
 * reminder-agent gave up on one channel of a notification request (issue 19:
 * assigned, mentioned) after its last try. Like reminder.failed it goes to
 * the dead-letter topic reminders.reminder-agent.dlq for an operator, but
 * never onto the reminders topic itself: nobody keeps delivery reports of
 * requests, and every reminders consumer would have to parse it. Not sent
 * for what only the user can fix (an unverified address).
 */
export const NotificationFailedType = 'notification.failed';
export const NotificationFailedData = z.object({
  requestId: z.string().uuid(),
  kind: z.enum(['assigned', 'mentioned']),
  taskId: z.string().uuid(),
  userId: z.string().uuid(),
  channel: ReminderChannel,
  attempts: z.number().int().positive(),
  error: z.string(),
  failedAt: z.string().datetime({ offset: true }),
});
export type NotificationFailedData = z.infer<typeof NotificationFailedData>;
export const NotificationFailed = cloudEvent(NotificationFailedType, NotificationFailedData);
export type NotificationFailed = z.infer<typeof NotificationFailed>;
