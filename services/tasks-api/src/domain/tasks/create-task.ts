import { TaskCreatedType, type TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { addReminders } from '../reminders/add-reminders';
import { toChecklist } from './checklist';
import { recordTaskChange } from './task-events';
import type { CreateTaskInput } from './task-input';
import { toSnapshot } from './task-snapshot';

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
  const task = await tx.task.create({
    data: {
      ownerId: principal.userId,
      title: input.title,
      description: input.description ?? null,
      status: input.status,
      priority: input.priority,
      tags: [...new Set(input.tags)],
      checklist: toChecklist(input.checklist),
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      timeZone: input.timeZone ?? null,
      completedAt: input.status === 'done' ? now : null,
      createdAt: now,
      updatedAt: now,
    },
  });
  const snapshot = toSnapshot(task);
  await recordTaskChange(tx, { type: TaskCreatedType, actorId: principal.userId, after: snapshot, occurredAt: now });
  await addReminders(tx, task, input.reminders ?? [], { now, field: 'reminders' });
  return snapshot;
}
