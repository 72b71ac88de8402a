import type { ProjectRole } from '@taskmesh/contracts';
import { Prisma, type Project } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { allows, type ProjectAction } from './permissions';

type Db = Prisma.TransactionClient;

/** A project and the principal's role in it (null: an admin who is not a member). */
export interface ProjectAccess {
  project: Project;
  role: ProjectRole | null;
}

const notFound = () => new AppError(ErrorCode.notFound, 'Project not found');

/**
 * Refuses an action the principal may not take. A non-member (and anyone,
 * for a deleted project) gets 404 exactly as for a project that does not
 * exist, so existence never leaks; a member whose role lacks the action gets
 * 403 naming it.
 */
export function assertAllowed(role: ProjectRole | null, principal: Principal, action: ProjectAction): void {
  const admin = principal.role === 'admin';
  if (allows(role ?? undefined, action, { admin })) return;
  if (role === null) throw notFound();
  throw new AppError(ErrorCode.forbidden, `A project ${role} may not do this (${action})`);
}

/**
 * The project and the principal's role, checked for `action`. With `lock` the
 * project row is locked for the rest of the transaction (membership and
 * ownership changes serialise on it). `includeDeleted` is for restoring.
 */
export async function requireProject(
  db: Db,
  principal: Principal,
  projectId: string,
  action: ProjectAction,
  { lock = false, includeDeleted = false }: { lock?: boolean; includeDeleted?: boolean } = {},
): Promise<ProjectAccess> {
  const [row] = await db.$queryRaw<Array<{ id: string; role: ProjectRole | null; deleted: boolean }>>`
    SELECT p.id::text AS id, m.role::text AS role, p.deleted_at IS NOT NULL AS deleted
      FROM tasks_api.projects p
      LEFT JOIN tasks_api.project_members m ON m.project_id = p.id AND m.user_id = ${principal.userId}::uuid
     WHERE p.id = ${projectId}::uuid ${Prisma.raw(lock ? 'FOR UPDATE OF p' : '')}`;
  if (!row || (row.deleted && !includeDeleted)) throw notFound();
  // A deleted project is visible (for undo) to its owner only.
  if (row.deleted && row.role !== 'owner') throw notFound();
  assertAllowed(row.role, principal, action);
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
  return { project, role: row.role };
}

/** The user's role in the project, or undefined when they are not a member. */
export async function memberRole(db: Db, projectId: string, userId: string): Promise<ProjectRole | undefined> {
  const member = await db.projectMember.findUnique({ where: { projectId_userId: { projectId, userId } } });
  return member?.role;
}

/** The user's Inbox: where tasks go when no project is named. */
export async function inboxOf(db: Db, userId: string): Promise<Project> {
  const inbox = await db.project.findFirst({ where: { ownerId: userId, isInbox: true } });
  if (!inbox) throw new AppError(ErrorCode.notFound, 'The user has no Inbox');
  return inbox;
}
