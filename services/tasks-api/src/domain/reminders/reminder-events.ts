import {
  AppId,
  type ReminderCancelledData,
  type ReminderCancelledType,
  type ReminderScheduledData,
  type ReminderScheduledType,
  Topic,
} from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import { type OutboxEntry, recordEvents } from '@taskmesh/outbox';

/** reminder.scheduled / reminder.cancelled, keyed by task id so they stay in order with the task's events. */
export type ReminderChange =
  | { type: typeof ReminderScheduledType; data: ReminderScheduledData }
  | { type: typeof ReminderCancelledType; data: ReminderCancelledData };

/** Records reminder events in the caller's transaction (published by the outbox relay). */
export async function recordReminderChanges(
  tx: Prisma.TransactionClient,
  changes: ReminderChange[],
  occurredAt: Date,
): Promise<void> {
  const entries: OutboxEntry[] = changes.map((change) => ({
    topic: Topic.reminders,
    type: change.type,
    key: change.data.taskId,
    data: change.data,
    occurredAt,
  }));
  await recordEvents(tx, 'outbox_events', AppId.tasksApi, entries);
}
