import type { TaskSnapshot } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { rowToSnapshot, type TaskRow, taskColumns } from './task-rows';

/** One task the principal may read (its owner, or an admin); anything else is 404. */
export async function getTask(prisma: PrismaClient, principal: Principal, id: string): Promise<TaskSnapshot> {
  const [row] = await prisma.$queryRaw<TaskRow[]>`
    SELECT ${taskColumns} FROM tasks t
    WHERE t.id = ${id}::uuid AND t.deleted_at IS NULL
      AND (t.owner_id = ${principal.userId}::uuid OR ${principal.role === 'admin'})`;
  if (!row) throw new AppError(ErrorCode.notFound, 'Task not found');
  return rowToSnapshot(row);
}
