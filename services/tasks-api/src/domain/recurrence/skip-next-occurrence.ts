import type { TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { occurrencesAfter, StepBudget } from '@taskmesh/recurrence';
import { applyCommand } from '../tasks/change-task';
import { lockTask } from '../tasks/task-access';
import { seriesFrom, withRuleProblems } from './recurrence-rules';
import { recordingOf } from '../tasks/task-writer';

/**
 * Skips the upcoming occurrence: the open task moves to the occurrence after
 * it, through the task rules (which refuse a done task; issue 16).
 */
export async function skipNextOccurrence(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  now = new Date(),
): Promise<TaskSnapshot> {
  const { task } = await lockTask(tx, principal, taskId, 'editTasks');
  const row = task.seriesId ? await tx.recurringSeries.findUnique({ where: { id: task.seriesId } }) : null;
  if (!row || row.endedAt) throw new AppError(ErrorCode.conflict, 'The task is not part of a running series');
  if (row.mode !== 'fixed')
    throw new AppError(ErrorCode.conflict, 'An after-completion series has no fixed next occurrence to skip');
  const budget = new StepBudget();
  const series = seriesFrom(row, budget);
  const next = withRuleProblems(row, () => occurrencesAfter(series, task.dueAt ?? now, 1, budget)[0]);
  if (!next) throw new AppError(ErrorCode.conflict, 'The series has no further occurrence');
  const { task: after } = await applyCommand(tx, task, { kind: 'skip', dueAt: next }, recordingOf(principal, now));
  return after;
}
