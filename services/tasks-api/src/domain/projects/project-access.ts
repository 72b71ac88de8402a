import type { ProjectRole } from '@taskmesh/contracts';
import { Prisma, type Project } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { allows, type ProjectAction } from './permissions';

type Db = Prisma.TransactionClient;

/**
 * A project row as Prisma's model has it, read with plain SQL: these checks
 * run on nearly every request, and the query builder costs about a
 * millisecond of CPU per call (see task-rows.ts).
 */
const projectColumns = Prisma.sql`
  p.id::text AS id, p.name, p.color, p.is_inbox AS "isInbox", p.owner_id::text AS "ownerId",
  p.archived_at AS "archivedAt", p.deleted_at AS "deletedAt", p.update_seq AS "updateSeq", p.version,
  p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;

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
  const [row] = await db.$queryRaw<Array<Project & { role: ProjectRole | null }>>`
    SELECT ${projectColumns}, m.role::text AS role
      FROM tasks_api.projects p
      LEFT JOIN tasks_api.project_members m ON m.project_id = p.id AND m.user_id = ${principal.userId}::uuid
     WHERE p.id = ${projectId}::uuid ${Prisma.raw(lock ? 'FOR UPDATE OF p' : '')}`;
  if (!row) throw notFound();
  const { role, ...project } = row;
  const deleted = project.deletedAt !== null;
  if (deleted && !includeDeleted) throw notFound();
  // A deleted project is visible (for undo) to its owner only.
  if (deleted && role !== 'owner') throw notFound();
  assertAllowed(role, principal, action);
  return { project, role };
}

/** The user's role in the project, or undefined when they are not a member. */
export async function memberRole(db: Db, projectId: string, userId: string): Promise<ProjectRole | undefined> {
  const member = await db.projectMember.findUnique({ where: { projectId_userId: { projectId, userId } } });
  return member?.role;
}

/** The user's Inbox: where tasks go when no project is named. */
export async function inboxOf(db: Db, userId: string): Promise<Project> {
  const [inbox] = await db.$queryRaw<Project[]>`
    SELECT ${projectColumns} FROM tasks_api.projects p WHERE p.owner_id = ${userId}::uuid AND p.is_inbox`;
  if (!inbox) throw new AppError(ErrorCode.notFound, 'The user has no Inbox');
  return inbox;
}
