import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { type ChangeResult, changeTask } from './change-task';

/** Marks a task done (task.completed). */
export const completeTask = (
  tx: Prisma.TransactionClient,
  principal: Principal,
  id: string,
  ifMatch?: string,
): Promise<ChangeResult> => changeTask(tx, principal, id, { kind: 'complete' }, { ifMatch });
