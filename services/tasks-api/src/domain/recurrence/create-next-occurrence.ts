import type { ChecklistItem, TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { copyRemindersToOccurrence } from '../reminders/copy-reminders-to-occurrence';
import { freshChecklist } from '../tasks/checklist';
import { recordTaskChange } from '../tasks/task-events';
import { toSnapshot } from '../tasks/task-snapshot';
import type { CreateOccurrenceInput } from './recurrence-input';

/**
 * Creates occurrence N+1 of a series (for recurrence-agent): a fresh task (todo,
 * no completion) with the completed occurrence's title, description, priority
 * and tags, its checklist with nothing ticked, and its reminders moved to the
 * new due date. The (series, occurrence index) pair is unique, so a second request
 * for the same occurrence returns the existing task instead of a duplicate.
 */
export async function createNextOccurrence(
  tx: Prisma.TransactionClient,
  seriesId: string,
  input: CreateOccurrenceInput,
  actorId: string,
  now = new Date(),
): Promise<{ task: TaskSnapshot; created: boolean }> {
  const series = await tx.recurringSeries.findUnique({ where: { id: seriesId } });
  if (!series) throw new AppError(ErrorCode.notFound, 'Series not found');
  const existing = await tx.task.findUnique({
    where: { seriesId_occurrenceIndex: { seriesId, occurrenceIndex: input.occurrenceIndex } },
  });
  if (existing) return { task: toSnapshot(existing), created: false };
  if (series.endedAt) throw new AppError(ErrorCode.conflict, 'The series has ended');
  const previous = await tx.task.findUnique({ where: { id: input.afterTaskId } });
  if (!previous || previous.seriesId !== seriesId || previous.occurrenceIndex !== input.occurrenceIndex - 1) {
    throw new AppError(ErrorCode.validation, 'afterTaskId must be the occurrence just before occurrenceIndex', {
      errors: [{ field: 'afterTaskId', message: 'not the previous occurrence of this series' }],
    });
  }
  const inserted = await tx.$queryRaw<Array<{ id: string }>>`
    INSERT INTO tasks (id, owner_id, title, description, status, priority, tags, checklist, due_at, time_zone, series_id, occurrence_index, created_at, updated_at)
    VALUES (gen_random_uuid(), ${previous.ownerId}::uuid, ${previous.title}, ${previous.description}, 'todo', ${previous.priority}::"TaskPriority",
      ${previous.tags}::text[], ${JSON.stringify(freshChecklist(previous.checklist as ChecklistItem[]))}::jsonb,
      ${new Date(input.dueAt)}, ${previous.timeZone}, ${seriesId}::uuid, ${input.occurrenceIndex}, ${now}, ${now})
    ON CONFLICT (series_id, occurrence_index) DO NOTHING
    RETURNING id::text`;
  const id = inserted[0]?.id;
  if (!id) {
    const raced = await tx.task.findUniqueOrThrow({
      where: { seriesId_occurrenceIndex: { seriesId, occurrenceIndex: input.occurrenceIndex } },
    });
    return { task: toSnapshot(raced), created: false };
  }
  const row = await tx.task.findUniqueOrThrow({ where: { id } });
  const task = toSnapshot(row);
  await recordTaskChange(tx, { type: 'task.created', actorId, after: task, occurredAt: now });
  await copyRemindersToOccurrence(tx, previous, row, now);
  return { task, created: true };
}
