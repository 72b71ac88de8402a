import { z } from 'zod';
import { cloudEvent } from './envelope';

/** Why a reminder will not fire (any more). */
export const ReminderCancelReason = z.enum([
  'task-completed',
  'task-deleted',
  'reminder-removed',
  'no-due-date',
  'in-the-past',
  /** Its time falls after year 9999 (a year after a due date late in 9999): nothing can store it (issue 15). */
  'out-of-range',
  /** Its owner left the task's project or was removed from it (issue 19): reminders are personal. */
  'left-project',
]);
export type ReminderCancelReason = z.infer<typeof ReminderCancelReason>;

/** A reminder must not fire: its pending deliveries are cancelled. */
export const ReminderCancelledType = 'reminder.cancelled';

export const ReminderCancelledData = z.object({
  reminderId: z.string().uuid(),
  taskId: z.string().uuid(),
  userId: z.string().uuid(),
  revision: z.number().int().positive(),
  reason: ReminderCancelReason,
  occurredAt: z.string().datetime({ offset: true }),
});
export type ReminderCancelledData = z.infer<typeof ReminderCancelledData>;

export const ReminderCancelled = cloudEvent(ReminderCancelledType, ReminderCancelledData);
export type ReminderCancelled = z.infer<typeof ReminderCancelled>;
