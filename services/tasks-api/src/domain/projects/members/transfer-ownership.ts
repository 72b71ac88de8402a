import { actorOf } from '../../tasks/task-writer';
import { ProjectOwnershipTransferredType } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { requireProject } from '../project-access';
import { recordMembershipChange } from '../project-events';
import { toProjectView, type ProjectView } from '../project-view';
import { bumpProject } from '../project-writer';
import { ProjectAction } from '../permissions';

/**
 * The owner hands the project to another member, and stays on as an editor.
 * Two membership events: the new owner's role and the old owner's.
 */
export async function transferOwnership(
  tx: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
  userId: string,
  now = new Date(),
): Promise<ProjectView> {
  const { project } = await requireProject(tx, principal, projectId, ProjectAction.transfer, { lock: true });
  if (project.isInbox) throw new AppError(ErrorCode.conflict, 'The Inbox cannot be transferred');
  if (userId === principal.userId) throw new AppError(ErrorCode.conflict, 'You already own the project');
  const member = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId, userId } } });
  if (!member)
    throw new AppError(ErrorCode.validation, 'The new owner must be a member of the project', {
      errors: [{ field: 'userId', message: 'not a member of the project' }],
    });
  await tx.projectMember.update({
    where: { projectId_userId: { projectId, userId } },
    data: { role: 'owner', updatedAt: now },
  });
  const me = await tx.projectMember.update({
    where: { projectId_userId: { projectId, userId: principal.userId } },
    data: { role: 'editor', updatedAt: now },
  });
  const after = await bumpProject(tx, project, { ownerId: userId }, now);
  const common = { type: ProjectOwnershipTransferredType, ...actorOf(principal), project: after, now } as const;
  await recordMembershipChange(tx, {
    ...common,
    memberId: userId,
    roleBefore: member.role,
    roleAfter: 'owner',
    reason: 'ownership-transferred',
  });
  await recordMembershipChange(tx, {
    ...common,
    memberId: principal.userId,
    roleBefore: 'owner',
    roleAfter: 'editor',
    reason: 'ownership-transferred',
  });
  return toProjectView(after, me);
}
