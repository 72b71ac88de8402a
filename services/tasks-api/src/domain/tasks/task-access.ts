import type { ProjectRole } from '@taskmesh/contracts';
import type { Prisma, Task } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { assertAllowed } from '../projects/project-access';
import type { ProjectAction } from '../projects/permissions';

const notFound = () => new AppError(ErrorCode.notFound, 'Task not found');

/**
 * Loads a task the principal may act on (`action`, decided by the project's
 * permission table: issue 19), locked for the rest of the transaction. A task
 * in a project the principal is not a member of, in a deleted project, or
 * deleted itself is 404, so the answer never reveals that it exists; a member
 * whose role lacks the action gets 403. `includeDeleted` is for restoring:
 * the task rules decide what the command may do with a deleted task.
 */
export async function lockTask(
  tx: Prisma.TransactionClient,
  principal: Principal,
  id: string,
  action: ProjectAction,
  { includeDeleted = false }: { includeDeleted?: boolean } = {},
): Promise<{ task: Task; role: ProjectRole | null }> {
  const [locked] = await tx.$queryRaw<Array<{ role: ProjectRole | null }>>`
    SELECT m.role::text AS role FROM tasks_api.tasks t
      JOIN tasks_api.projects p ON p.id = t.project_id AND p.deleted_at IS NULL
      LEFT JOIN tasks_api.project_members m ON m.project_id = t.project_id AND m.user_id = ${principal.userId}::uuid
     WHERE t.id = ${id}::uuid AND (t.deleted_at IS NULL OR ${includeDeleted})
     FOR UPDATE OF t`;
  if (!locked) throw notFound();
  if (locked.role === null && principal.role !== 'admin') throw notFound();
  assertAllowed(locked.role, principal, action);
  return { task: await tx.task.findUniqueOrThrow({ where: { id } }), role: locked.role };
}

/**
 * Optimistic concurrency: with If-Match, the change applies only to the
 * version the client saw; otherwise 412 with the current task so the client
 * can show what won (and, through `updatedBy`, who).
 */
export function checkIfMatch(task: Task, ifMatch: string | undefined, current: () => unknown): void {
  if (ifMatch === undefined || ifMatch === '*') return;
  const versions = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, '').replace(/"/g, ''));
  if (!versions.includes(String(task.version))) {
    throw new AppError(ErrorCode.preconditionFailed, `The task is at version ${task.version}, not ${ifMatch}`, {
      extra: { current: current() },
      headers: { etag: `"${task.version}"` },
    });
  }
}
