import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { type ChangeResult, changeTask } from './change-task';
import type { UpdateTaskInput } from './task-input';

/** PATCH: change any subset of a task's fields. */
export const updateTask = (
  tx: Prisma.TransactionClient,
  principal: Principal,
  id: string,
  patch: UpdateTaskInput,
  ifMatch?: string,
): Promise<ChangeResult> => changeTask(tx, principal, id, { kind: 'update', patch }, { ifMatch });
