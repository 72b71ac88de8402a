import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { type ChangeResult, changeTask } from './change-task';
import { editorZone } from './task-due';
import type { UpdateTaskInput } from './task-input';

/** PATCH: change any subset of a task's fields. */
export async function updateTask(
  tx: Prisma.TransactionClient,
  principal: Principal,
  id: string,
  patch: UpdateTaskInput,
  ifMatch?: string,
): Promise<ChangeResult> {
  const defaultTimeZone = await editorZone(tx, principal, patch);
  return changeTask(tx, principal, id, { kind: 'update', patch, defaultTimeZone }, { ifMatch });
}
