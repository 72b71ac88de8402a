import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { requestNotifications } from '../notifications/request-notifications';
import { memberRole } from '../projects/project-access';
import { ProjectAction } from '../projects/permissions';
import { applyCommand, type ChangeResult } from './change-task';
import { checkIfMatch, lockTask } from './task-access';
import { toSnapshot } from './task-snapshot';
import { recordingOf } from './task-writer';

/**
 * Assigns a member of the task's project to it (editors and the owner):
 * task.assigned through the decide-and-record path, and the assignee is
 * notified (in-app and their default channels) unless they assigned themselves.
 */
export async function assignTask(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  userId: string,
  { ifMatch, now = new Date() }: { ifMatch?: string; now?: Date } = {},
): Promise<ChangeResult> {
  const { task } = await lockTask(tx, principal, taskId, ProjectAction.editTasks);
  checkIfMatch(task, ifMatch, () => toSnapshot(task));
  if (!(await memberRole(tx, task.projectId, userId)))
    throw new AppError(ErrorCode.validation, 'Only a member of the task’s project can be assigned', {
      errors: [{ field: 'userId', message: 'not a member of the task’s project' }],
    });
  const result = await applyCommand(tx, task, { kind: 'assign', userId }, recordingOf(principal, now));
  if (result.changed)
    await requestNotifications(tx, { kind: 'assigned', recipientIds: [userId], task, actorId: principal.userId, now });
  return result;
}

/** Unassigns someone (editors and the owner); a former member can be unassigned too. */
export async function unassignTask(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  userId: string,
  { ifMatch, now = new Date() }: { ifMatch?: string; now?: Date } = {},
): Promise<ChangeResult> {
  const { task } = await lockTask(tx, principal, taskId, ProjectAction.editTasks);
  checkIfMatch(task, ifMatch, () => toSnapshot(task));
  return applyCommand(tx, task, { kind: 'unassign', userId }, recordingOf(principal, now));
}
