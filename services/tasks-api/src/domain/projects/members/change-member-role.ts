import { actorOf } from '../../tasks/task-writer';
import { ProjectMemberRoleChangedType, type ProjectRole } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { requireProject } from '../project-access';
import { recordMembershipChange } from '../project-events';
import { bumpProject } from '../project-writer';
import { ProjectAction } from '../permissions';
import { type MemberView, toMemberView } from './member-view';

/** The owner changes a member's role (not their own, and never to owner: that is a transfer). */
export async function changeMemberRole(
  tx: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
  userId: string,
  role: Exclude<ProjectRole, 'owner'>,
  now = new Date(),
): Promise<MemberView> {
  const { project } = await requireProject(tx, principal, projectId, ProjectAction.manageMembers, { lock: true });
  const member = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId, userId } } });
  if (!member) throw new AppError(ErrorCode.notFound, 'Member not found');
  if (member.role === 'owner')
    throw new AppError(ErrorCode.conflict, 'The owner’s role changes only by transferring ownership');
  if (member.role !== role) {
    await tx.projectMember.update({
      where: { projectId_userId: { projectId, userId } },
      data: { role, updatedAt: now },
    });
    const after = await bumpProject(tx, project, {}, now);
    await recordMembershipChange(tx, {
      type: ProjectMemberRoleChangedType,
      ...actorOf(principal),
      project: after,
      memberId: userId,
      roleBefore: member.role,
      roleAfter: role,
      reason: 'role-changed',
      now,
    });
  }
  return toMemberView(
    await tx.projectMember.findUniqueOrThrow({
      where: { projectId_userId: { projectId, userId } },
      include: { user: { select: { email: true, displayName: true } } },
    }),
  );
}
