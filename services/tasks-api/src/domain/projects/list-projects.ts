import type { PrismaClient } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { maxMemberships } from './members/member-view';
import { toProjectView, type ProjectView } from './project-view';

/** The caller's projects (not deleted) in their sidebar order, Inbox first; archived ones only when asked. */
export async function listProjects(
  prisma: PrismaClient,
  principal: Principal,
  { archived = false }: { archived?: boolean },
): Promise<ProjectView[]> {
  const members = await prisma.projectMember.findMany({
    where: { userId: principal.userId, project: { deletedAt: null, ...(archived ? {} : { archivedAt: null }) } },
    include: { project: true },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
    take: maxMemberships,
  });
  return members
    .map((member) => toProjectView(member.project, member))
    .sort((a, b) => Number(b.isInbox) - Number(a.isInbox));
}
