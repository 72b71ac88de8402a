import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { requireProject } from '../project-access';
import { ProjectAction } from '../permissions';

/** The owner revokes a link: nobody joins through it any more (those who joined stay). */
export async function revokeInvite(
  tx: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
  inviteId: string,
  now = new Date(),
): Promise<void> {
  await requireProject(tx, principal, projectId, ProjectAction.manageMembers, { lock: true });
  const { count } = await tx.projectInvite.updateMany({
    where: { id: inviteId, projectId },
    data: { revokedAt: now, updatedAt: now },
  });
  if (count === 0) throw new AppError(ErrorCode.notFound, 'Invite not found');
}
