import type { ChecklistItem, TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { reminderSyncFor, syncReminders } from '../reminders/sync-reminders';
import { checkIfMatch, lockOwnTask } from './task-access';
import { recordTaskChange } from './task-events';
import { decide, type TaskCommand } from './task-rules';
import { toSnapshot } from './task-snapshot';

export interface ChangeResult {
  task: TaskSnapshot;
  /** False when the command changed nothing (no new version, no event). */
  changed: boolean;
}

/**
 * Applies one command to one of the principal's tasks inside the caller's
 * transaction: lock, check If-Match, decide, write the task and its events,
 * and move, cancel or reschedule its reminders when its due date, status or
 * deletion changed.
 */
export async function changeTask(
  tx: Prisma.TransactionClient,
  principal: Principal,
  id: string,
  command: TaskCommand,
  { ifMatch, now = new Date() }: { ifMatch?: string; now?: Date } = {},
): Promise<ChangeResult> {
  // Only a restore may see a deleted task; decide() refuses every other command on one.
  const task = await lockOwnTask(tx, principal, id, { includeDeleted: command.kind === 'restore' });
  checkIfMatch(task, ifMatch, () => toSnapshot(task));
  const decision = decide({ ...task, checklist: task.checklist as ChecklistItem[] }, command, now);
  if (!decision) return { task: toSnapshot(task), changed: false };
  const { next } = decision;
  const updated = await tx.task.update({
    where: { id },
    data: {
      title: next.title,
      description: next.description,
      status: next.status,
      priority: next.priority,
      tags: next.tags,
      checklist: next.checklist,
      dueAt: next.dueAt,
      timeZone: next.timeZone,
      completedAt: next.completedAt,
      deletedAt: next.deletedAt,
      version: next.version,
      updatedAt: now,
    },
  });
  const after = toSnapshot(updated);
  await recordTaskChange(tx, {
    type: decision.eventType,
    actorId: principal.userId,
    before: toSnapshot(task),
    after,
    changes: decision.changes,
    occurredAt: now,
  });
  const sync = reminderSyncFor(decision.changes);
  if (sync.needed) await syncReminders(tx, updated, { now, ...sync });
  return { task: after, changed: true };
}
