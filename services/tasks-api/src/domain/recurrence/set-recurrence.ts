import type { TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { firstOccurrence, formatLocal, toFloating } from '@taskmesh/recurrence';
import { syncReminders } from '../reminders/sync-reminders';
import { checkIfMatch, lockOwnTask } from '../tasks/task-access';
import { recordTaskChange } from '../tasks/task-events';
import { toSnapshot } from '../tasks/task-snapshot';
import type { SetRecurrenceInput } from './recurrence-input';
import { seriesFrom } from './recurrence-rules';

/**
 * Makes a task recurring, or changes its rule. The task becomes occurrence 0
 * of a new series (or keeps its place in its series); its due date becomes
 * the first occurrence of the rule from the anchor.
 */
export async function setRecurrence(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  input: SetRecurrenceInput,
  ifMatch?: string,
  now = new Date(),
): Promise<{ task: TaskSnapshot; seriesId: string; anchor: string; timeZone: string }> {
  const task = await lockOwnTask(tx, principal, taskId);
  checkIfMatch(task, ifMatch, () => toSnapshot(task));
  const owner = await tx.user.findUniqueOrThrow({ where: { id: principal.userId } });
  const timeZone = input.timeZone ?? task.timeZone ?? owner.timeZone;
  const anchorDate = task.dueAt ?? now;
  const anchor = input.anchor ?? formatLocal(toFloating(anchorDate, timeZone));
  // Building the series walks to its first occurrence (refusing a rule that has none).
  const series = seriesFrom({ ...input, timeZone, anchor });
  const first = firstOccurrence(series);

  // The rule as given (the month-end policy applies whenever it is evaluated).
  const definition = { rrule: series.definition.rrule, timeZone, anchor, mode: input.mode };
  const seriesRow = task.seriesId
    ? await tx.recurringSeries.update({ where: { id: task.seriesId }, data: { ...definition, endedAt: null } })
    : await tx.recurringSeries.create({ data: { ...definition, ownerId: principal.userId } });
  const updated = await tx.task.update({
    where: { id: task.id },
    data: {
      seriesId: seriesRow.id,
      occurrenceIndex: task.occurrenceIndex ?? 0,
      dueAt: task.status === 'done' ? task.dueAt : first,
      timeZone,
      version: task.version + 1,
      updatedAt: now,
    },
  });
  const after = toSnapshot(updated);
  await recordTaskChange(tx, {
    type: 'task.updated',
    actorId: principal.userId,
    before: toSnapshot(task),
    after,
    changes: [
      'seriesId',
      ...(updated.dueAt?.getTime() !== task.dueAt?.getTime() ? ['dueAt'] : []),
      ...(timeZone !== task.timeZone ? ['timeZone'] : []),
    ],
    occurredAt: now,
  });
  if (updated.dueAt?.getTime() !== task.dueAt?.getTime() || timeZone !== task.timeZone)
    await syncReminders(tx, updated, { now, dueChanged: true });
  return { task: after, seriesId: seriesRow.id, anchor, timeZone };
}
