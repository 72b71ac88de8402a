import { actorOf } from '../../tasks/task-writer';
import { ProjectMemberRemovedType, type ProjectRole, ReminderCancelledType } from '@taskmesh/contracts';
import type { Prisma, Project } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { type ReminderChange, recordReminderChanges } from '../../reminders/reminder-events';
import { requireProject } from '../project-access';
import { recordMembershipChange } from '../project-events';
import { bumpProject } from '../project-writer';
import { ProjectAction } from '../permissions';

/**
 * Ends a membership: the owner removes a member, or a member leaves (the
 * owner must transfer the project first). Their open browsers stop receiving
 * the project's updates (project.access-changed, role null) and their own
 * reminders on its tasks are cancelled: reminders are personal, and would
 * otherwise keep telling them about a project they no longer see.
 */
export async function removeMember(
  tx: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
  userId: string,
  now = new Date(),
): Promise<void> {
  const leaving = userId === principal.userId;
  const { project } = await requireProject(
    tx,
    principal,
    projectId,
    leaving ? ProjectAction.leave : ProjectAction.manageMembers,
    { lock: true },
  );
  const member = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId, userId } } });
  if (!member) throw new AppError(ErrorCode.notFound, 'Member not found');
  if (member.role === 'owner')
    throw new AppError(ErrorCode.conflict, 'The owner cannot leave or be removed: transfer the project first');
  await endMembership(tx, project, userId, member.role, {
    ...actorOf(principal),
    reason: leaving ? 'left' : 'removed',
    now,
  });
}

async function endMembership(
  tx: Prisma.TransactionClient,
  project: Project,
  userId: string,
  role: ProjectRole,
  { actorId, viaTokenId, reason, now }: { actorId: string; viaTokenId?: string; reason: 'left' | 'removed'; now: Date },
): Promise<void> {
  await tx.projectMember.delete({ where: { projectId_userId: { projectId: project.id, userId } } });
  await cancelRemindersOf(tx, project.id, userId, now);
  const after = await bumpProject(tx, project, {}, now);
  await recordMembershipChange(tx, {
    type: ProjectMemberRemovedType,
    actorId,
    ...(viaTokenId ? { viaTokenId } : {}),
    project: after,
    memberId: userId,
    roleBefore: role,
    roleAfter: null,
    reason,
    now,
  });
}

/** Deletes the user's reminders on the project's tasks; reminder-agent cancels those that were scheduled. */
async function cancelRemindersOf(tx: Prisma.TransactionClient, projectId: string, userId: string, now: Date) {
  const reminders = await tx.reminder.findMany({ where: { ownerId: userId, task: { projectId } } });
  if (reminders.length === 0) return;
  await tx.reminder.deleteMany({ where: { id: { in: reminders.map((reminder) => reminder.id) } } });
  const changes: ReminderChange[] = reminders
    .filter((reminder) => reminder.fireAt !== null)
    .map((reminder) => ({
      type: ReminderCancelledType,
      data: {
        reminderId: reminder.id,
        taskId: reminder.taskId,
        userId,
        revision: reminder.revision + 1,
        reason: 'left-project',
        occurredAt: now.toISOString(),
      },
    }));
  await recordReminderChanges(tx, changes, now);
}
