import { ProjectMemberAddedType, type ProjectRole } from '@taskmesh/contracts';
import type { Prisma, Project } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { recordMembershipChange } from '../project-events';
import { bumpProject } from '../project-writer';
import { maxMembers, requireRoomForMembership } from './member-view';

/**
 * Makes `userId` a member with `role` of a project the caller has locked
 * (added by the owner, or through an invite link), at the end of their
 * sidebar. Someone already a member keeps their role: returns false.
 */
export async function joinProject(
  tx: Prisma.TransactionClient,
  project: Project,
  userId: string,
  role: ProjectRole,
  {
    actorId,
    viaTokenId,
    reason,
    now,
  }: { actorId: string; viaTokenId?: string; reason: 'added' | 'invite-accepted'; now: Date },
): Promise<boolean> {
  if (project.isInbox) throw new AppError(ErrorCode.conflict, 'The Inbox is never shared');
  const existing = await tx.projectMember.findUnique({
    where: { projectId_userId: { projectId: project.id, userId } },
  });
  if (existing) return false;
  if ((await tx.projectMember.count({ where: { projectId: project.id } })) >= maxMembers)
    throw new AppError(ErrorCode.conflict, `A project has at most ${maxMembers} members`);
  await requireRoomForMembership(tx, userId);
  const last = await tx.projectMember.aggregate({ where: { userId }, _max: { position: true } });
  await tx.projectMember.create({
    data: {
      projectId: project.id,
      userId,
      role,
      position: (last._max.position ?? 0) + 1,
      createdAt: now,
      updatedAt: now,
    },
  });
  const after = await bumpProject(tx, project, {}, now);
  await recordMembershipChange(tx, {
    type: ProjectMemberAddedType,
    actorId,
    ...(viaTokenId ? { viaTokenId } : {}),
    project: after,
    memberId: userId,
    roleBefore: null,
    roleAfter: role,
    reason,
    now,
  });
  return true;
}
