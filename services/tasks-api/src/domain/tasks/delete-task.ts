import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { type ChangeResult, changeTask } from './change-task';

/** Soft-deletes a task (task.deleted); it then reads as not found. */
export const deleteTask = (
  tx: Prisma.TransactionClient,
  principal: Principal,
  id: string,
  ifMatch?: string,
): Promise<ChangeResult> => changeTask(tx, principal, id, { kind: 'delete' }, { ifMatch });
