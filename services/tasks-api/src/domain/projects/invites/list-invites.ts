import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { requireProject } from '../project-access';
import { ProjectAction } from '../permissions';
import { type InviteView, toInviteView } from './invite-view';

/** The project's invite links, newest first (the owner; tokens are never shown again). */
export async function listInvites(
  db: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
): Promise<InviteView[]> {
  await requireProject(db, principal, projectId, ProjectAction.manageMembers);
  const invites = await db.projectInvite.findMany({ where: { projectId }, orderBy: { createdAt: 'desc' }, take: 200 });
  return invites.map(toInviteView);
}
