import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { requireProject } from '../project-access';
import type { SectionInput } from '../project-input';
import { ProjectAction } from '../permissions';
import { type SectionView, toSectionView } from './section-view';

const notFound = () => new AppError(ErrorCode.notFound, 'Section not found');

/** Renames or moves a section (editors and the owner). */
export async function renameSection(
  tx: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
  sectionId: string,
  input: SectionInput,
  now = new Date(),
): Promise<SectionView> {
  await requireProject(tx, principal, projectId, ProjectAction.edit);
  const { count } = await tx.projectSection.updateMany({
    where: { id: sectionId, projectId },
    data: { name: input.name, ...(input.position !== undefined ? { position: input.position } : {}), updatedAt: now },
  });
  if (count === 0) throw notFound();
  return toSectionView(await tx.projectSection.findUniqueOrThrow({ where: { id: sectionId } }));
}

/**
 * Deletes a section (editors and the owner); its tasks stay in the project,
 * outside any section (the foreign key sets section_id to null: not a change
 * a member made to those tasks, so their versions stay).
 */
export async function deleteSection(
  tx: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
  sectionId: string,
): Promise<void> {
  await requireProject(tx, principal, projectId, ProjectAction.edit);
  const { count } = await tx.projectSection.deleteMany({ where: { id: sectionId, projectId } });
  if (count === 0) throw notFound();
}
