import { actorOf } from '../../tasks/task-writer';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { joinProject } from '../members/join-project';
import { toProjectView, type ProjectView } from '../project-view';
import { hashInviteToken } from './invite-view';

const unusable = () =>
  new AppError(ErrorCode.notFound, 'This invite link is not valid: it may have expired or been revoked');

/**
 * A signed-in user opens an invite link and joins with its role. A use is
 * taken atomically (two people racing for a single-use link: one wins). One
 * answer for a wrong, expired, revoked or used-up token, so the reply says
 * nothing about which. Someone already a member keeps their role, and uses
 * nothing.
 */
export async function acceptInvite(
  tx: Prisma.TransactionClient,
  principal: Principal,
  token: string,
  now = new Date(),
): Promise<ProjectView> {
  const invite = await tx.projectInvite.findUnique({ where: { tokenHash: hashInviteToken(token) } });
  if (!invite) throw unusable();
  const [project] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text FROM tasks_api.projects WHERE id = ${invite.projectId}::uuid AND deleted_at IS NULL FOR UPDATE`;
  if (!project) throw unusable();
  const locked = await tx.project.findUniqueOrThrow({ where: { id: invite.projectId } });
  const already = await tx.projectMember.findUnique({
    where: { projectId_userId: { projectId: invite.projectId, userId: principal.userId } },
  });
  if (already) return toProjectView(locked, already);
  const taken = await tx.$executeRaw`
    UPDATE tasks_api.project_invites SET uses = uses + 1, updated_at = ${now}
    WHERE id = ${invite.id}::uuid AND revoked_at IS NULL AND expires_at > ${now}
      AND (max_uses IS NULL OR uses < max_uses)`;
  if (taken === 0) throw unusable();
  await joinProject(tx, locked, principal.userId, invite.role, {
    ...actorOf(principal),
    reason: 'invite-accepted',
    now,
  });
  const member = await tx.projectMember.findUniqueOrThrow({
    where: { projectId_userId: { projectId: invite.projectId, userId: principal.userId } },
  });
  return toProjectView(await tx.project.findUniqueOrThrow({ where: { id: invite.projectId } }), member);
}
