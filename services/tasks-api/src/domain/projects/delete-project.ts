import { actorOf } from '../tasks/task-writer';
import { ProjectDeletedType, ProjectRestoredType } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { recordEvents } from '@taskmesh/outbox';
import { AppId } from '@taskmesh/contracts';
import { requireProject } from './project-access';
import { accessChange } from './project-events';
import { checkProjectIfMatch } from './project-if-match';
import { toProjectView, type ProjectView } from './project-view';
import { writeProjectChange } from './project-writer';
import { ProjectAction } from './permissions';

/**
 * Deletes a project (the owner), undoably: its tasks stay untouched and come
 * back with it. Every member loses sight of it at once (their open browsers
 * too: project.access-changed with role null); the owner may restore it.
 */
export async function deleteProject(
  tx: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
  { ifMatch, now = new Date() }: { ifMatch?: string; now?: Date } = {},
): Promise<void> {
  const { project } = await requireProject(tx, principal, projectId, ProjectAction.administer, { lock: true });
  checkProjectIfMatch(project, ifMatch);
  if (project.isInbox) throw new AppError(ErrorCode.conflict, 'The Inbox cannot be deleted');
  const after = await writeProjectChange(
    tx,
    project,
    { deletedAt: now },
    { type: ProjectDeletedType, ...actorOf(principal), now },
  );
  await announceAccess(tx, after, now, () => null);
}

/** Brings a deleted project back (its owner), with its members and tasks. */
export async function restoreProject(
  tx: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
  now = new Date(),
): Promise<ProjectView> {
  const { project } = await requireProject(tx, principal, projectId, ProjectAction.administer, {
    lock: true,
    includeDeleted: true,
  });
  if (!project.deletedAt) throw new AppError(ErrorCode.conflict, 'Only a deleted project can be restored');
  const after = await writeProjectChange(
    tx,
    project,
    { deletedAt: null },
    { type: ProjectRestoredType, ...actorOf(principal), now },
  );
  const members = await announceAccess(tx, after, now, (role) => role);
  return toProjectView(after, members.find((member) => member.userId === principal.userId) ?? null);
}

/** Tells realtime-sync every member's access now (null: gone with the project). */
async function announceAccess(
  tx: Prisma.TransactionClient,
  project: Awaited<ReturnType<typeof writeProjectChange>>,
  now: Date,
  roleOf: (role: 'owner' | 'editor' | 'commenter' | 'viewer') => 'owner' | 'editor' | 'commenter' | 'viewer' | null,
) {
  const members = await tx.projectMember.findMany({ where: { projectId: project.id } });
  await recordEvents(
    tx,
    'tasks_api.outbox_events',
    AppId.tasksApi,
    members.map((member) => accessChange(project, member.userId, roleOf(member.role), now)),
  );
  return members;
}
