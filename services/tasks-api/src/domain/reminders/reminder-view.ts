import { ReminderCancelReason, ReminderChannel } from '@taskmesh/contracts';
import type { Reminder, ReminderDeliveryReport, Task, User } from '@taskmesh/db';
import { z } from 'zod';
import { scheduleFor, taskTiming } from './reminder-timing';

export const DeliveryReportView = z.object({
  channel: ReminderChannel,
  fireAt: z.string(),
  outcome: z.enum(['sent', 'failed']),
  attempts: z.number().int(),
  error: z.string().nullable(),
  at: z.string(),
});

export const ReminderView = z.object({
  id: z.string().uuid(),
  taskId: z.string().uuid(),
  at: z.string().nullable(),
  beforeDue: z.string().nullable(),
  afterDue: z.string().nullable(),
  channels: z.array(ReminderChannel),
  snoozedUntil: z.string().nullable(),
  /** When it fires (or fired last); null while it cannot fire. */
  fireAt: z.string().nullable(),
  /** scheduled: waiting or being sent; delivered: every channel reported; inactive: see inactiveReason. */
  state: z.enum(['scheduled', 'delivered', 'inactive']),
  inactiveReason: ReminderCancelReason.nullable(),
  /** Outcomes reported by reminder-agent, newest firing first. */
  deliveries: z.array(DeliveryReportView),
  createdAt: z.string(),
});
export type ReminderView = z.infer<typeof ReminderView>;

type TaskFields = Pick<Task, 'status' | 'deletedAt' | 'dueAt' | 'timeZone' | 'allDay'>;

export function toReminderView(
  reminder: Reminder & { deliveries: ReminderDeliveryReport[] },
  task: TaskFields,
  owner: Pick<User, 'timeZone' | 'allDayReminderTime'>,
  now = new Date(),
): ReminderView {
  const schedule = scheduleFor(reminder, taskTiming(task, owner), now, reminder.fireAt);
  const current = reminder.deliveries.filter((d) => d.fireAt.getTime() === reminder.fireAt?.getTime());
  const delivered = reminder.fireAt !== null && reminder.channels.every((c) => current.some((d) => d.channel === c));
  const inactive = reminder.fireAt === null;
  return {
    id: reminder.id,
    taskId: reminder.taskId,
    at: reminder.at?.toISOString() ?? null,
    beforeDue: reminder.direction === 'before' ? reminder.offset : null,
    afterDue: reminder.direction === 'after' ? reminder.offset : null,
    channels: reminder.channels,
    snoozedUntil: reminder.snoozedUntil?.toISOString() ?? null,
    fireAt: reminder.fireAt?.toISOString() ?? null,
    state: inactive ? 'inactive' : delivered ? 'delivered' : 'scheduled',
    inactiveReason: inactive && 'cancelled' in schedule ? schedule.cancelled : null,
    deliveries: [...reminder.deliveries]
      .sort((a, b) => b.fireAt.getTime() - a.fireAt.getTime() || a.channel.localeCompare(b.channel))
      .map((d) => ({
        channel: d.channel,
        fireAt: d.fireAt.toISOString(),
        outcome: d.outcome,
        attempts: d.attempts,
        error: d.error,
        at: d.at.toISOString(),
      })),
    createdAt: reminder.createdAt.toISOString(),
  };
}
