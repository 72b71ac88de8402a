import type { TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { addReminders } from '../reminders/add-reminders';
import { toChecklist } from './checklist';
import type { CreateTaskInput } from './task-input';
import { decideCreation } from './task-rules';
import { writeCreation } from './task-writer';

/**
 * Creates a task owned by the principal, with its reminders, and records
 * task.created (and reminder.scheduled) in the same transaction.
 */
export async function createTask(
  tx: Prisma.TransactionClient,
  principal: Principal,
  input: CreateTaskInput,
  now = new Date(),
): Promise<TaskSnapshot> {
  const creation = decideCreation(
    {
      ownerId: principal.userId,
      title: input.title,
      description: input.description ?? null,
      status: input.status,
      priority: input.priority,
      tags: input.tags,
      checklist: toChecklist(input.checklist),
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      timeZone: input.timeZone ?? null,
      seriesId: null,
      occurrenceIndex: null,
    },
    now,
  );
  const { row, task } = await writeCreation(tx, creation, { actorId: principal.userId, now });
  await addReminders(tx, row, input.reminders ?? [], { now, field: 'reminders' });
  return task;
}
