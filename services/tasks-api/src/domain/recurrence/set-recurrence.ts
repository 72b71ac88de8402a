import type { TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { firstOccurrence, formatLocal, toFloating } from '@taskmesh/recurrence';
import { applyCommand } from '../tasks/change-task';
import { checkIfMatch, lockTask } from '../tasks/task-access';
import { dueDateOf } from '../tasks/task-due';
import { toSnapshot } from '../tasks/task-snapshot';
import type { SetRecurrenceInput } from './recurrence-input';
import { seriesFrom } from './recurrence-rules';
import { recordingOf } from '../tasks/task-writer';

/**
 * Makes a task recurring, or changes its rule. The task becomes occurrence 0
 * of a new series (or keeps its place in its series); its due date becomes
 * the first occurrence of the rule from the anchor. The change to the task
 * goes through the task rules like every other (issue 16). An all-day task's
 * series is anchored at 00:00 of its day (or of the anchor's day), so every
 * occurrence is a whole day in the zone, across DST changes too (issue 20).
 */
export async function setRecurrence(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  input: SetRecurrenceInput,
  ifMatch?: string,
  now = new Date(),
): Promise<{ task: TaskSnapshot; seriesId: string; anchor: string; timeZone: string }> {
  const { task } = await lockTask(tx, principal, taskId, 'editTasks');
  checkIfMatch(task, ifMatch, () => toSnapshot(task));
  const owner = await tx.user.findUniqueOrThrow({ where: { id: principal.userId } });
  const timeZone = input.timeZone ?? task.timeZone ?? owner.timeZone;
  const anchorDate = task.dueAt ?? now;
  const day = task.allDay ? (input.anchor?.slice(0, 10) ?? dueDateOf(task)) : null;
  const anchor = day ? `${day}T00:00` : (input.anchor ?? formatLocal(toFloating(anchorDate, timeZone)));
  // Building the series walks to its first occurrence (refusing a rule that has none).
  const series = seriesFrom({ ...input, timeZone, anchor });
  const first = firstOccurrence(series);

  // The rule as given (the month-end policy applies whenever it is evaluated).
  const definition = { rrule: series.definition.rrule, timeZone, anchor, mode: input.mode };
  const seriesRow = task.seriesId
    ? await tx.recurringSeries.update({ where: { id: task.seriesId }, data: { ...definition, endedAt: null } })
    : await tx.recurringSeries.create({ data: { ...definition, ownerId: principal.userId } });
  const { task: after } = await applyCommand(
    tx,
    task,
    { kind: 'recur', seriesId: seriesRow.id, occurrenceIndex: task.occurrenceIndex ?? 0, firstDueAt: first, timeZone },
    recordingOf(principal, now),
  );
  return { task: after, seriesId: seriesRow.id, anchor, timeZone };
}
