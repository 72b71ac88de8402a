import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { requireProject } from '../project-access';
import { ProjectAction } from '../permissions';
import { type MemberView, maxMembers, toMemberView } from './member-view';

const roleOrder = { owner: 0, editor: 1, commenter: 2, viewer: 3 } as const;

/** The project's members (any member may see who else is in it), owner first. */
export async function listMembers(
  db: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
): Promise<MemberView[]> {
  await requireProject(db, principal, projectId, ProjectAction.view);
  const members = await db.projectMember.findMany({
    where: { projectId },
    include: { user: { select: { email: true, displayName: true } } },
    orderBy: { createdAt: 'asc' },
    take: maxMembers,
  });
  return members.map(toMemberView).sort((a, b) => roleOrder[a.role] - roleOrder[b.role]);
}
