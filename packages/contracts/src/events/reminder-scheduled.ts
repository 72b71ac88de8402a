import { z } from 'zod';
import { ReminderChannel } from '../reminder-channel';
import { cloudEvent } from './envelope';

/**
 * A reminder is (re)scheduled: created, its task's due date moved, snoozed, its
 * channels changed, or its task reopened. Carries what reminder-agent needs to
 * send it (event-carried state), so sending never waits on tasks-api.
 * `revision` grows with every event of one reminder: reminder-agent ignores
 * anything not newer than what it holds.
 */
export const ReminderScheduledType = 'reminder.scheduled';

export const ReminderScheduledData = z.object({
  reminderId: z.string().uuid(),
  taskId: z.string().uuid(),
  userId: z.string().uuid(),
  revision: z.number().int().positive(),
  fireAt: z.string().datetime({ offset: true }),
  channels: z.array(ReminderChannel).min(1),
  task: z.object({
    title: z.string(),
    dueAt: z.string().datetime({ offset: true }).nullable(),
    timeZone: z.string().nullable(),
    /** Due on a day (issue 20): messages name the date, not 00:00. False in events from before. */
    allDay: z.boolean().default(false),
  }),
  recipient: z.object({ email: z.string(), timeZone: z.string() }),
  occurredAt: z.string().datetime({ offset: true }),
});
export type ReminderScheduledData = z.infer<typeof ReminderScheduledData>;

export const ReminderScheduled = cloudEvent(ReminderScheduledType, ReminderScheduledData);
export type ReminderScheduled = z.infer<typeof ReminderScheduled>;
