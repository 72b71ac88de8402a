import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { requireProject } from './project-access';
import { toProjectView, type ProjectView } from './project-view';
import { ProjectAction } from './permissions';

/** One project the caller may see (a member, or an admin). */
export async function getProject(
  db: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
): Promise<ProjectView> {
  const { project, role } = await requireProject(db, principal, projectId, ProjectAction.view);
  return toProjectView(project, await memberOf(db, projectId, principal.userId, role));
}

/** The caller's membership row (role and sidebar position), if any. */
export async function memberOf(
  db: Prisma.TransactionClient,
  projectId: string,
  userId: string,
  role: string | null,
): Promise<{ role: NonNullable<ProjectView['role']>; position: number } | null> {
  if (role === null) return null;
  return db.projectMember.findUniqueOrThrow({ where: { projectId_userId: { projectId, userId } } });
}
