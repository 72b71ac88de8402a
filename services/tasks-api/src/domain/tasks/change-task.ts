import type { ChecklistItem, TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma, Task } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { ProjectAction } from '../projects/permissions';
import { reminderSyncFor, syncReminders } from '../reminders/sync-reminders';
import { checkIfMatch, lockTask } from './task-access';
import { placeTask } from './task-placement';
import { decide, type TaskCommand } from './task-rules';
import { toSnapshot } from './task-snapshot';
import { type Recording, recordingOf, writeChange } from './task-writer';

export interface ChangeResult {
  task: TaskSnapshot;
  /** False when the command changed nothing (no new version, no event). */
  changed: boolean;
}

/**
 * Applies one command to one of the principal's tasks inside the caller's
 * transaction: lock, check If-Match, then decide and record (applyCommand).
 */
export async function changeTask(
  tx: Prisma.TransactionClient,
  principal: Principal,
  id: string,
  command: TaskCommand,
  { ifMatch, now = new Date() }: { ifMatch?: string; now?: Date } = {},
): Promise<ChangeResult> {
  // Only a restore may see a deleted task; decide() refuses every other command on one.
  const { task } = await lockTask(tx, principal, id, ProjectAction.editTasks, {
    includeDeleted: command.kind === 'restore',
  });
  checkIfMatch(task, ifMatch, () => toSnapshot(task));
  if (command.kind === 'update' && (command.patch.projectId !== undefined || command.patch.sectionId !== undefined)) {
    // A move needs the right to edit tasks in the target project too.
    const target = await placeTask(tx, principal, {
      projectId: command.patch.projectId ?? task.projectId,
      sectionId: command.patch.sectionId ?? (command.patch.projectId ? null : undefined),
    });
    command = { ...command, patch: { ...command.patch, ...target } };
  }
  return applyCommand(tx, task, command, recordingOf(principal, now));
}

/**
 * The decide-and-record path of every change to a task (issue 16), for a task
 * the caller has locked: the rules decide, the writer stores the new version
 * and its events, and the task's reminders move, cancel or reschedule when its
 * due date, status or deletion changed.
 */
export async function applyCommand(
  tx: Prisma.TransactionClient,
  task: Task,
  command: TaskCommand,
  recording: Recording,
): Promise<ChangeResult> {
  const decision = decide({ ...task, checklist: task.checklist as ChecklistItem[] }, command, recording.now);
  if (!decision) return { task: toSnapshot(task), changed: false };
  const { row, task: after } = await writeChange(tx, task, decision, recording);
  const sync = reminderSyncFor(decision.changes);
  if (sync.needed) await syncReminders(tx, row, { now: recording.now, ...sync });
  return { task: after, changed: true };
}
