import { randomBytes } from 'node:crypto';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { requireProject } from '../project-access';
import type { CreateInviteInput } from '../project-input';
import { ProjectAction } from '../permissions';
import { hashInviteToken, type InviteView, maxLiveInvites, toInviteView } from './invite-view';

/** The owner makes an invite link; the token is in this answer only. */
export async function createInvite(
  tx: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
  input: CreateInviteInput,
  now = new Date(),
): Promise<InviteView & { token: string }> {
  const { project } = await requireProject(tx, principal, projectId, ProjectAction.manageMembers, { lock: true });
  if (project.isInbox) throw new AppError(ErrorCode.conflict, 'The Inbox is never shared');
  const live = await tx.projectInvite.count({ where: { projectId, revokedAt: null, expiresAt: { gt: now } } });
  if (live >= maxLiveInvites)
    throw new AppError(ErrorCode.conflict, `A project has at most ${maxLiveInvites} live invite links: revoke one`);
  // 256 random bits: a link cannot be guessed.
  const token = randomBytes(32).toString('base64url');
  const invite = await tx.projectInvite.create({
    data: {
      projectId,
      role: input.role,
      tokenHash: hashInviteToken(token),
      createdById: principal.userId,
      expiresAt: new Date(now.getTime() + input.expiresInHours * 3_600_000),
      maxUses: input.singleUse ? 1 : null,
      createdAt: now,
      updatedAt: now,
    },
  });
  return { ...toInviteView(invite), token };
}
