import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { requireProject } from '../project-access';
import { ProjectAction } from '../permissions';
import { type SectionView, toSectionView } from './section-view';

/** A project's sections in order. */
export async function listSections(
  db: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
): Promise<SectionView[]> {
  await requireProject(db, principal, projectId, ProjectAction.view);
  const sections = await db.projectSection.findMany({
    where: { projectId },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
  });
  return sections.map(toSectionView);
}
