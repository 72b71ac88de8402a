import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { inboxOf, requireProject } from '../projects/project-access';
import { ProjectAction } from '../projects/permissions';

/**
 * Where a new or moved task goes (issue 19): a project the principal may edit
 * tasks in (their Inbox when none is named) and, optionally, one of its
 * sections. A section of another project is refused like one that does not
 * exist, so section ids of other people's projects reveal nothing.
 */
export async function placeTask(
  tx: Prisma.TransactionClient,
  principal: Principal,
  { projectId, sectionId }: { projectId?: string; sectionId?: string | null },
): Promise<{ projectId: string; sectionId: string | null }> {
  const project = projectId
    ? (await requireProject(tx, principal, projectId, ProjectAction.editTasks)).project
    : await inboxOf(tx, principal.userId);
  if (!sectionId) return { projectId: project.id, sectionId: null };
  const section = await tx.projectSection.findFirst({ where: { id: sectionId, projectId: project.id } });
  if (!section)
    throw new AppError(ErrorCode.validation, 'No such section in the project', {
      errors: [{ field: 'sectionId', message: 'must be a section of the task’s project' }],
    });
  return { projectId: project.id, sectionId: section.id };
}
