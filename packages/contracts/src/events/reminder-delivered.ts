import { z } from 'zod';
import { ReminderChannel } from '../reminder-channel';
import { cloudEvent } from './envelope';

/** Which delivery an outcome is about: one channel of one firing of one reminder. */
const deliveryKey = {
  reminderId: z.string().uuid(),
  taskId: z.string().uuid(),
  userId: z.string().uuid(),
  /** The firing: a reminder fires again only at a new time (due date moved, snoozed). */
  fireAt: z.string().datetime({ offset: true }),
  channel: ReminderChannel,
  attempts: z.number().int().positive(),
};

/** reminder-agent sent one channel of a reminder (published once per delivery). */
export const ReminderSentType = 'reminder.sent';
export const ReminderSentData = z.object({ ...deliveryKey, sentAt: z.string().datetime({ offset: true }) });
export type ReminderSentData = z.infer<typeof ReminderSentData>;
export const ReminderSent = cloudEvent(ReminderSentType, ReminderSentData);
export type ReminderSent = z.infer<typeof ReminderSent>;

/** reminder-agent gave up on one channel of a reminder after its last try (also on the dead-letter topic). */
export const ReminderFailedType = 'reminder.failed';
export const ReminderFailedData = z.object({
  ...deliveryKey,
  error: z.string(),
  failedAt: z.string().datetime({ offset: true }),
});
export type ReminderFailedData = z.infer<typeof ReminderFailedData>;
export const ReminderFailed = cloudEvent(ReminderFailedType, ReminderFailedData);
export type ReminderFailed = z.infer<typeof ReminderFailed>;
