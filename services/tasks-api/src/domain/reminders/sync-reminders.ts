import { ReminderCancelledType, ReminderScheduledType } from '@taskmesh/contracts';
import type { Prisma, Reminder, Task } from '@taskmesh/db';
import { type ReminderChange, recordReminderChanges } from './reminder-events';
import { type Schedule, scheduleFor, taskTiming } from './reminder-timing';

type TaskFields = Pick<Task, 'id' | 'ownerId' | 'title' | 'status' | 'deletedAt' | 'dueAt' | 'timeZone' | 'allDay'>;

export interface SyncOptions {
  now: Date;
  /** The due date or zone changed: snoozes end and relative reminders follow the new date. */
  dueChanged?: boolean;
  /** Republish scheduled reminders even when their time holds (the title they carry changed). */
  force?: boolean;
}

const sameInstant = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * Brings a task's reminders in line with the task, inside the caller's
 * transaction: each reminder whose firing time changes (due date moved, task
 * completed, deleted or reopened, reminder added or edited) gets a new
 * revision and a reminder.scheduled or reminder.cancelled event for
 * reminder-agent. Pass `only` to sync just some reminders of the task (new or
 * edited ones; `force` republishes them even when their time holds).
 */
export async function syncReminders(
  tx: Prisma.TransactionClient,
  task: TaskFields,
  { now, dueChanged = false, force = false }: SyncOptions,
  only?: Reminder[],
): Promise<Reminder[]> {
  const reminders = only ?? (await tx.reminder.findMany({ where: { taskId: task.id }, orderBy: { createdAt: 'asc' } }));
  if (reminders.length === 0) return [];
  // Each reminder goes to the member who set it (issue 19), computed in the task's zone or theirs.
  const ownerIds = [...new Set(reminders.map((reminder) => reminder.ownerId))];
  const owners = new Map(
    (await tx.user.findMany({ where: { id: { in: ownerIds } } })).map((user) => [user.id, user] as const),
  );
  const changes: ReminderChange[] = [];
  const updates: Array<{ id: string; fire_at: string | null; snoozed_until: string | null; revision: number }> = [];
  const synced: Reminder[] = [];
  for (const reminder of reminders) {
    const owner = owners.get(reminder.ownerId);
    if (!owner) continue;
    const timing = taskTiming(task, owner);
    const snoozedUntil = dueChanged ? null : reminder.snoozedUntil;
    const schedule: Schedule = scheduleFor({ ...reminder, snoozedUntil }, timing, now, reminder.fireAt);
    const fireAt = 'fireAt' in schedule ? schedule.fireAt : null;
    const unchanged = sameInstant(fireAt, reminder.fireAt) && sameInstant(snoozedUntil, reminder.snoozedUntil);
    // Nothing was scheduled and nothing will be: no event (a cancel would only repeat itself).
    if ((unchanged && !(force && fireAt)) || (fireAt === null && reminder.fireAt === null)) {
      synced.push(reminder);
      continue;
    }
    const updated = { ...reminder, fireAt, snoozedUntil, revision: reminder.revision + 1, updatedAt: now };
    updates.push({
      id: reminder.id,
      fire_at: fireAt?.toISOString() ?? null,
      snoozed_until: snoozedUntil?.toISOString() ?? null,
      revision: updated.revision,
    });
    synced.push(updated);
    const base = {
      reminderId: reminder.id,
      taskId: task.id,
      userId: reminder.ownerId,
      revision: updated.revision,
      occurredAt: now.toISOString(),
    };
    changes.push(
      fireAt
        ? {
            type: ReminderScheduledType,
            data: {
              ...base,
              fireAt: fireAt.toISOString(),
              channels: updated.channels,
              task: {
                title: task.title,
                dueAt: task.dueAt?.toISOString() ?? null,
                timeZone: task.timeZone,
                allDay: task.allDay,
              },
              recipient: { email: owner.email, timeZone: timing.zone },
            },
          }
        : {
            type: ReminderCancelledType,
            data: { ...base, reason: 'cancelled' in schedule ? schedule.cancelled : 'reminder-removed' },
          },
    );
  }
  if (updates.length > 0) {
    // One statement for all of them (a task may have 20 reminders).
    await tx.$executeRaw`
      UPDATE tasks_api.reminders r SET fire_at = u.fire_at::timestamptz, snoozed_until = u.snoozed_until::timestamptz,
        revision = u.revision, updated_at = ${now}
      FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
        AS u(id text, fire_at text, snoozed_until text, revision int)
      WHERE r.id = u.id::uuid`;
  }
  await recordReminderChanges(tx, changes, now);
  return synced;
}

/** After a task change: which reminder work it needs (none for a priority or tag change). */
export function reminderSyncFor(changes: string[]): { needed: boolean; dueChanged: boolean; force: boolean } {
  const dueChanged = ['dueAt', 'timeZone', 'allDay'].some((field) => changes.includes(field));
  const force = changes.includes('title');
  const needed = dueChanged || force || changes.includes('status') || changes.includes('deletedAt');
  return { needed, dueChanged, force };
}
