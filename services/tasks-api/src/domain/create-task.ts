import { type TaskCreatedData, TaskCreatedType, type TaskSnapshot, Topic } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import { recordEvent } from '../events/outbox';
import type { CreateTaskInput } from './task-input';
import { toSnapshot } from './task-snapshot';

export interface Actor {
  userId: string;
}

export interface CreatedTask {
  task: TaskSnapshot;
  eventIds: string[];
}

/** Creates a task owned by the actor and records task.created in the same transaction. */
export async function createTask(prisma: PrismaClient, actor: Actor, input: CreateTaskInput): Promise<CreatedTask> {
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const task = await tx.task.create({
      data: {
        ownerId: actor.userId,
        title: input.title,
        description: input.description ?? null,
        status: input.status,
        priority: input.priority,
        tags: [...new Set(input.tags)],
        dueAt: input.dueAt ? new Date(input.dueAt) : null,
        timeZone: input.timeZone ?? null,
        completedAt: input.status === 'done' ? now : null,
        createdAt: now,
      },
    });
    const snapshot = toSnapshot(task);
    const data: TaskCreatedData = {
      taskId: task.id,
      userId: task.ownerId,
      actorId: actor.userId,
      version: task.version,
      occurredAt: now.toISOString(),
      after: snapshot,
    };
    const eventId = await recordEvent(tx, {
      topic: Topic.taskEvents,
      type: TaskCreatedType,
      taskId: task.id,
      data,
      occurredAt: now,
    });
    return { task: snapshot, eventIds: [eventId] };
  });
}
