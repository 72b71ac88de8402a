import type { TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { addReminders } from '../reminders/add-reminders';
import { toChecklist } from './checklist';
import { editorZone, nextDue } from './task-due';
import type { CreateTaskInput } from './task-input';
import { type Creation, decideCreation } from './task-rules';
import { placeTask } from './task-placement';
import { recordingOf, writeCreation } from './task-writer';

/**
 * Creates a task owned by the principal in a project they may edit tasks in
 * (their Inbox by default), with their reminders, and records task.created
 * (and reminder.scheduled) in the same transaction.
 */
export async function createTask(
  tx: Prisma.TransactionClient,
  principal: Principal,
  input: CreateTaskInput,
  now = new Date(),
): Promise<TaskSnapshot> {
  const place = await placeTask(tx, principal, { projectId: input.projectId, sectionId: input.sectionId });
  const creation = creationOf(principal.userId, place, input, await editorZone(tx, principal, input), now);
  const { row, task } = await writeCreation(tx, creation, recordingOf(principal, now));
  await addReminders(tx, row, input.reminders ?? [], { ownerId: principal.userId, now, field: 'reminders' });
  return task;
}

/**
 * The rules' decision on a new task from a POST /tasks body, in a place
 * already checked; `zone` is the creator's, for a dueDate sent without one.
 */
export function creationOf(
  ownerId: string,
  place: { projectId: string; sectionId: string | null },
  input: CreateTaskInput,
  zone: string | undefined,
  now: Date,
): Creation {
  const due = nextDue({ dueAt: null, timeZone: null, allDay: false }, input, zone);
  return decideCreation(
    {
      ownerId,
      ...place,
      assigneeIds: [],
      title: input.title,
      description: input.description ?? null,
      status: input.status,
      priority: input.priority,
      tags: input.tags,
      checklist: toChecklist(input.checklist),
      ...due,
      seriesId: null,
      occurrenceIndex: null,
    },
    now,
  );
}
