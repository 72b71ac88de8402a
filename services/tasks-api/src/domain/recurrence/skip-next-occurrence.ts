import type { TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { occurrencesAfter, StepBudget } from '@taskmesh/recurrence';
import { syncReminders } from '../reminders/sync-reminders';
import { lockOwnTask } from '../tasks/task-access';
import { recordTaskChange } from '../tasks/task-events';
import { toSnapshot } from '../tasks/task-snapshot';
import { seriesFrom, withRuleProblems } from './recurrence-rules';

/** Skips the upcoming occurrence: the open task moves to the occurrence after it. */
export async function skipNextOccurrence(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  now = new Date(),
): Promise<TaskSnapshot> {
  const task = await lockOwnTask(tx, principal, taskId);
  const row = task.seriesId ? await tx.recurringSeries.findUnique({ where: { id: task.seriesId } }) : null;
  if (!row || row.endedAt) throw new AppError(ErrorCode.conflict, 'The task is not part of a running series');
  if (task.status === 'done') throw new AppError(ErrorCode.conflict, 'Only the open occurrence can be skipped');
  if (row.mode !== 'fixed')
    throw new AppError(ErrorCode.conflict, 'An after-completion series has no fixed next occurrence to skip');
  const budget = new StepBudget();
  const series = seriesFrom(row, budget);
  const next = withRuleProblems(row, () => occurrencesAfter(series, task.dueAt ?? now, 1, budget)[0]);
  if (!next) throw new AppError(ErrorCode.conflict, 'The series has no further occurrence');
  const updated = await tx.task.update({
    where: { id: task.id },
    data: { dueAt: next, version: task.version + 1, updatedAt: now },
  });
  const after = toSnapshot(updated);
  await recordTaskChange(tx, {
    type: 'task.updated',
    actorId: principal.userId,
    before: toSnapshot(task),
    after,
    changes: ['dueAt'],
    occurredAt: now,
  });
  await syncReminders(tx, updated, { now, dueChanged: true });
  return after;
}
