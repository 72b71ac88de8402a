import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { requireProject } from '../project-access';
import type { SectionInput } from '../project-input';
import { ProjectAction } from '../permissions';
import { maxSections, type SectionView, toSectionView } from './section-view';

/** Adds a section (editors and the owner), last unless a position is given. */
export async function createSection(
  tx: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
  input: SectionInput,
  now = new Date(),
): Promise<SectionView> {
  await requireProject(tx, principal, projectId, ProjectAction.edit, { lock: true });
  const count = await tx.projectSection.count({ where: { projectId } });
  if (count >= maxSections) throw new AppError(ErrorCode.conflict, `A project has at most ${maxSections} sections`);
  const section = await tx.projectSection.create({
    data: { projectId, name: input.name, position: input.position ?? count, createdAt: now, updatedAt: now },
  });
  return toSectionView(section);
}
