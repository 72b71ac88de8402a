import type { Prisma, Task } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';

/**
 * Loads a task the principal may change, locked for the rest of the
 * transaction. Another user's task and a deleted task are both 404, so the
 * answer never reveals that someone else's task exists. `includeDeleted` is
 * for restoring: it loads the owner's deleted task too, and the task rules
 * decide what the command may do with it.
 */
export async function lockOwnTask(
  tx: Prisma.TransactionClient,
  principal: Principal,
  id: string,
  { includeDeleted = false }: { includeDeleted?: boolean } = {},
): Promise<Task> {
  const [locked] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text FROM tasks WHERE id = ${id}::uuid AND owner_id = ${principal.userId}::uuid
      AND (deleted_at IS NULL OR ${includeDeleted})
    FOR UPDATE`;
  if (!locked) throw new AppError(ErrorCode.notFound, 'Task not found');
  return tx.task.findUniqueOrThrow({ where: { id } });
}

/**
 * Optimistic concurrency: with If-Match, the change applies only to the
 * version the client saw; otherwise 412 with the current task so the client
 * can show what won.
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
