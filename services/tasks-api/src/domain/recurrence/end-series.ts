import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { lockTask } from '../tasks/task-access';

/** Ends a task's series: no further occurrence is created. The task itself stays. */
export async function endSeries(tx: Prisma.TransactionClient, principal: Principal, taskId: string, now = new Date()) {
  const { task } = await lockTask(tx, principal, taskId, 'editTasks');
  if (!task.seriesId) throw new AppError(ErrorCode.conflict, 'The task does not recur');
  await tx.recurringSeries.update({ where: { id: task.seriesId }, data: { endedAt: now } });
}
