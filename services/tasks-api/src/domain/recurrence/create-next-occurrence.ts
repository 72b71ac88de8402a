import type { ChecklistItem, TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { copyRemindersToOccurrence } from '../reminders/copy-reminders-to-occurrence';
import { freshChecklist } from '../tasks/checklist';
import { decideCreation } from '../tasks/task-rules';
import { toSnapshot } from '../tasks/task-snapshot';
import { writeOccurrence } from '../tasks/task-writer';
import type { CreateOccurrenceInput } from './recurrence-input';

/**
 * Creates occurrence N+1 of a series (for recurrence-agent): a fresh task (todo,
 * no completion) with the completed occurrence's title, description, priority
 * and tags, its checklist with nothing ticked, and its reminders moved to the
 * new due date. The (series, occurrence index) pair is unique, so a second request
 * for the same occurrence returns the existing task instead of a duplicate.
 * The task is written by the one task writer, like every other (issue 16).
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
  // The next occurrence stays in the project and section, assigned to the
  // same people while they are still members (issue 19).
  const members = await tx.projectMember.findMany({
    where: { projectId: previous.projectId, userId: { in: previous.assigneeIds } },
    select: { userId: true },
  });
  const stillMembers = new Set(members.map((member) => member.userId));
  const creation = decideCreation(
    {
      ownerId: previous.ownerId,
      projectId: previous.projectId,
      sectionId: previous.sectionId,
      assigneeIds: previous.assigneeIds.filter((id) => stillMembers.has(id)),
      title: previous.title,
      description: previous.description,
      status: 'todo',
      priority: previous.priority,
      tags: previous.tags,
      checklist: freshChecklist(previous.checklist as ChecklistItem[]),
      dueAt: new Date(input.dueAt),
      timeZone: previous.timeZone,
      // An all-day series stays all-day: the rules put each occurrence on 00:00 of its day.
      allDay: previous.allDay,
      seriesId,
      occurrenceIndex: input.occurrenceIndex,
    },
    now,
  );
  const written = await writeOccurrence(tx, creation, { actorId, now });
  if (!written) {
    // Another request made this occurrence between the check above and the insert.
    const raced = await tx.task.findUniqueOrThrow({
      where: { seriesId_occurrenceIndex: { seriesId, occurrenceIndex: input.occurrenceIndex } },
    });
    return { task: toSnapshot(raced), created: false };
  }
  await copyRemindersToOccurrence(tx, previous, written.row, now);
  return { task: written.task, created: true };
}
