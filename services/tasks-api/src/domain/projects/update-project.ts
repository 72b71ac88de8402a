import { actorOf } from '../tasks/task-writer';
import { ProjectUpdatedType } from '@taskmesh/contracts';
import type { Prisma, Project } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { checkProjectIfMatch } from './project-if-match';
import { requireProject } from './project-access';
import type { UpdateProjectInput } from './project-input';
import { toProjectView, type ProjectView } from './project-view';
import { writeProjectChange } from './project-writer';
import { ProjectAction } from './permissions';

/**
 * PATCH a project: name and colour (editors and the owner), archived (the
 * owner), and the caller's own sidebar position (any member; not a change of
 * the project, so no new version and no event).
 */
export async function updateProject(
  tx: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
  patch: UpdateProjectInput,
  { ifMatch, now = new Date() }: { ifMatch?: string; now?: Date } = {},
): Promise<ProjectView> {
  const { project, role } = await requireProject(tx, principal, projectId, ProjectAction.view, { lock: true });
  // The sidebar position is a member's own: an admin who is not one has none to move.
  if (patch.position !== undefined && role === null) throw new AppError(ErrorCode.notFound, 'Project not found');
  checkProjectIfMatch(project, ifMatch);
  const { position, ...rest } = patch;
  if (rest.name !== undefined || rest.color !== undefined)
    await requireProject(tx, principal, projectId, ProjectAction.edit);
  if (rest.archived !== undefined) await requireProject(tx, principal, projectId, ProjectAction.administer);
  if (project.isInbox && (rest.name !== undefined || rest.archived !== undefined))
    throw new AppError(ErrorCode.conflict, 'The Inbox cannot be renamed or archived', {
      errors: [{ field: rest.name !== undefined ? 'name' : 'archived', message: 'not for the Inbox' }],
    });
  let after: Project = project;
  const data = changedData(project, rest, now);
  if (Object.keys(data.changes).length > 0)
    after = await writeProjectChange(tx, project, data.changes, {
      type: ProjectUpdatedType,
      ...actorOf(principal),
      changes: data.fields,
      now,
    });
  const member =
    position === undefined
      ? await tx.projectMember.findUnique({ where: { projectId_userId: { projectId, userId: principal.userId } } })
      : await tx.projectMember.update({
          where: { projectId_userId: { projectId, userId: principal.userId } },
          data: { position, updatedAt: now },
        });
  return toProjectView(after, member);
}

function changedData(project: Project, patch: Omit<UpdateProjectInput, 'position'>, now: Date) {
  const changes: Prisma.ProjectUpdateInput = {};
  const fields: string[] = [];
  if (patch.name !== undefined && patch.name !== project.name) {
    changes.name = patch.name;
    fields.push('name');
  }
  if (patch.color !== undefined && patch.color !== project.color) {
    changes.color = patch.color;
    fields.push('color');
  }
  if (patch.archived !== undefined && patch.archived !== (project.archivedAt !== null)) {
    changes.archivedAt = patch.archived ? now : null;
    fields.push('archivedAt');
  }
  return { changes, fields };
}
