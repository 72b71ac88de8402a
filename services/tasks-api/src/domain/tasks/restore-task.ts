import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { type ChangeResult, changeTask } from './change-task';

/**
 * Brings back one of the principal's soft-deleted tasks (task.restored), the
 * undo of a delete: it reads again as it was, and its reminders that still
 * lie ahead are scheduled again, as after a reopening. A task that is not
 * deleted is a conflict.
 */
export const restoreTask = (
  tx: Prisma.TransactionClient,
  principal: Principal,
  id: string,
  ifMatch?: string,
): Promise<ChangeResult> => changeTask(tx, principal, id, { kind: 'restore' }, { ifMatch });
