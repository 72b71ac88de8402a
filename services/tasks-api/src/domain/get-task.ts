import type { TaskSnapshot } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import type { Principal } from '../security/principal';
import { canRead } from './task-access';
import { toSnapshot } from './task-snapshot';

/** One task the principal may read; anything else is 404. */
export async function getTask(prisma: PrismaClient, principal: Principal, id: string): Promise<TaskSnapshot> {
  const task = await prisma.task.findFirst({ where: { id, deletedAt: null } });
  if (!task || !canRead(principal, task)) throw new AppError(ErrorCode.notFound, 'Task not found');
  return toSnapshot(task);
}
