import type { TaskSnapshot } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { changeTask } from './change-task';
import type { BulkInput } from './task-input';
import { toSnapshot } from './task-snapshot';

/**
 * One action on up to 100 of the principal's tasks in one transaction: all
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
  // Lock in id order so two overlapping batches cannot deadlock.
  const found = await tx.$queryRaw<Array<{ id: string; status: string }>>`
    SELECT id::text, status::text FROM tasks
    WHERE id = ANY(${ids}::uuid[]) AND owner_id = ${principal.userId}::uuid AND deleted_at IS NULL
    ORDER BY id FOR UPDATE`;
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
