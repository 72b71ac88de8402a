import type { TaskSnapshot } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import { z } from 'zod';
import type { Actor } from './create-task';
import { toSnapshot } from './task-snapshot';

export const ListTasksQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
export type ListTasksQuery = z.infer<typeof ListTasksQuery>;

/** The actor's tasks that are not deleted, newest first. */
export async function listTasks(prisma: PrismaClient, actor: Actor, query: ListTasksQuery): Promise<TaskSnapshot[]> {
  const tasks = await prisma.task.findMany({
    where: { ownerId: actor.userId, deletedAt: null },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit,
  });
  return tasks.map(toSnapshot);
}
