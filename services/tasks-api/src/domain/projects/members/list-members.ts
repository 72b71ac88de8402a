import type { ProjectRole } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { ProjectAction } from '../permissions';
import { requireProject } from '../project-access';
import { type MemberView, maxMembers, toMemberView } from './member-view';

const roleOrder = { owner: 0, editor: 1, commenter: 2, viewer: 3 } as const;

/** The project's members (any member may see who else is in it), owner first. */
export async function listMembers(
  db: Prisma.TransactionClient,
  principal: Principal,
  projectId: string,
): Promise<MemberView[]> {
  await requireProject(db, principal, projectId, ProjectAction.view);
  // Plain SQL: a hot read (the query builder costs about a millisecond of CPU per call; see task-rows.ts).
  const members = await db.$queryRaw<
    Array<{ userId: string; role: ProjectRole; createdAt: Date; email: string; displayName: string | null }>
  >`
    SELECT m.user_id::text AS "userId", m.role::text AS role, m.created_at AS "createdAt",
           u.email, u.display_name AS "displayName"
      FROM tasks_api.project_members m JOIN tasks_api.users u ON u.id = m.user_id
     WHERE m.project_id = ${projectId}::uuid
     ORDER BY m.created_at, m.user_id
     LIMIT ${maxMembers}`;
  return members
    .map(({ email, displayName, ...member }) => toMemberView({ ...member, user: { email, displayName } }))
    .sort((a, b) => roleOrder[a.role] - roleOrder[b.role]);
}
