import { actorOf } from '../../tasks/task-writer';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { requireProject } from '../project-access';
import type { AddMemberInput } from '../project-input';
import { ProjectAction } from '../permissions';
import { joinProject } from './join-project';
import { type MemberView, toMemberView } from './member-view';

/** The owner adds an existing user by email with a role (201), or answers their membership as it is (200). */
export async function addMember(
  tx: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
  input: AddMemberInput,
  now = new Date(),
): Promise<{ member: MemberView; added: boolean }> {
  const { project } = await requireProject(tx, principal, projectId, ProjectAction.manageMembers, { lock: true });
  const user = await tx.user.findUnique({ where: { email: input.email } });
  if (!user)
    throw new AppError(ErrorCode.validation, 'No Taskmesh account has this email', {
      errors: [{ field: 'email', message: 'ask them to register first, or send them an invite link' }],
    });
  const added = await joinProject(tx, project, user.id, input.role, {
    ...actorOf(principal),
    reason: 'added',
    now,
  });
  const member = await tx.projectMember.findUniqueOrThrow({
    where: { projectId_userId: { projectId, userId: user.id } },
    include: { user: { select: { email: true, displayName: true } } },
  });
  return { member: toMemberView(member), added };
}
