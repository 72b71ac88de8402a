import { z } from 'zod';
import { ReminderChannel } from '../reminder-channel';
import { cloudEvent } from './envelope';

/**
 * tasks-api asks reminder-agent to notify a member (issue 19): they were
 * assigned to a task or @mentioned in a comment. It rides the reminders topic
 * (partition key: the recipient's user id) and goes out through
 * reminder-agent's notification path: in-app, plus the recipient's default
 * channels (email only to a verified address). `id` of the CloudEvent is the
 * idempotency key: one request, one notification per channel.
 */
export const NotificationRequestedType = 'notification.requested';

export const NotificationRequestedData = z.object({
  /** Stable across redeliveries: reminder-agent stores one notification per request. */
  requestId: z.string().uuid(),
  userId: z.string().uuid(),
  kind: z.enum(['assigned', 'mentioned']),
  taskId: z.string().uuid(),
  projectId: z.string().uuid(),
  /** Who caused it (their display name or email, for the message). */
  actor: z.object({ id: z.string().uuid(), name: z.string() }),
  task: z.object({ title: z.string() }),
  /** For mentions: the comment's first characters. */
  excerpt: z.string().optional(),
  /** The recipient's default reminder channels (in_app always included). */
  channels: z.array(ReminderChannel).min(1),
  recipient: z.object({ email: z.string(), timeZone: z.string() }),
  occurredAt: z.string().datetime({ offset: true }),
});
export type NotificationRequestedData = z.infer<typeof NotificationRequestedData>;

export const NotificationRequested = cloudEvent(NotificationRequestedType, NotificationRequestedData);
export type NotificationRequested = z.infer<typeof NotificationRequested>;
