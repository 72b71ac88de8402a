import type { TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { changeTask } from './change-task';
import type { BulkInput } from './task-input';
import { toSnapshot } from './task-snapshot';

/**
 * One action on up to 100 tasks the principal may edit, in one transaction: all
 * change or none does. Tasks already in the requested state (completing a
 * done task) are left as they are rather than failing the batch.
 */
export async function bulkChangeTasks(
  tx: Prisma.TransactionClient,
  principal: Principal,
  input: BulkInput,
  now = new Date(),
): Promise<{ tasks: TaskSnapshot[]; changed: number }> {
  const ids = [...new Set(input.ids)].sort();
  // Lock in id order so two overlapping batches cannot deadlock. Tasks of
  // projects the principal is not a member of are not found; changeTask then
  // asks the permission table about each one (a viewer's batch is a 403).
  const found = await tx.$queryRaw<Array<{ id: string; status: string }>>`
    SELECT t.id::text, t.status::text FROM tasks_api.tasks t
    WHERE t.id = ANY(${ids}::uuid[]) AND t.deleted_at IS NULL
      AND EXISTS (SELECT 1 FROM tasks_api.project_members m
                   WHERE m.project_id = t.project_id AND m.user_id = ${principal.userId}::uuid)
    ORDER BY t.id FOR UPDATE OF t`;
  const missing = ids.filter((id) => !found.some((row) => row.id === id));
  if (missing.length > 0) {
    throw new AppError(ErrorCode.notFound, `No change made: ${missing.length} of the tasks were not found`, {
      errors: missing.map((id) => ({ field: `ids.${input.ids.indexOf(id)}`, message: `task ${id} not found` })),
    });
  }
  const tasks: TaskSnapshot[] = [];
  let changed = 0;
  for (const row of found) {
    if (input.action === 'complete' && row.status === 'done') {
      tasks.push(toSnapshot(await tx.task.findUniqueOrThrow({ where: { id: row.id } })));
      continue;
    }
    const command =
      input.action === 'tag'
        ? ({ kind: 'tag', add: input.add, remove: input.remove } as const)
        : ({ kind: input.action } as const);
    const result = await changeTask(tx, principal, row.id, command, { now });
    tasks.push(result.task);
    if (result.changed) changed += 1;
  }
  return { tasks, changed };
}
