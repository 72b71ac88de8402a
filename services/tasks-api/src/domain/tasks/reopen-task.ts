import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { type ChangeResult, changeTask } from './change-task';

/** Moves a done task back to todo (task.reopened). */
export const reopenTask = (
  tx: Prisma.TransactionClient,
  principal: Principal,
  id: string,
  ifMatch?: string,
): Promise<ChangeResult> => changeTask(tx, principal, id, { kind: 'reopen' }, { ifMatch });
