import type { TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { rowToSnapshot, type TaskRow, taskColumns } from './task-rows';

/**
 * One task the principal may read: a member of its project (any role), or an
 * admin. Anything else, and a task in a deleted project, is 404.
 */
export async function readableTask(db: Prisma.TransactionClient, principal: Principal, id: string): Promise<TaskRow> {
  const [row] = await db.$queryRaw<TaskRow[]>`
    SELECT ${taskColumns} FROM tasks_api.tasks t
      JOIN tasks_api.projects p ON p.id = t.project_id AND p.deleted_at IS NULL
    WHERE t.id = ${id}::uuid AND t.deleted_at IS NULL
      AND (${principal.role === 'admin'} OR EXISTS (
        SELECT 1 FROM tasks_api.project_members m WHERE m.project_id = t.project_id AND m.user_id = ${principal.userId}::uuid))`;
  if (!row) throw new AppError(ErrorCode.notFound, 'Task not found');
  return row;
}

export async function getTask(db: Prisma.TransactionClient, principal: Principal, id: string): Promise<TaskSnapshot> {
  return rowToSnapshot(await readableTask(db, principal, id));
}
