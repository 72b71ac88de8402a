import type { ProjectRole } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { maxMembers, maxMemberships } from './members/member-view';
import { allows, ProjectAction } from './permissions';

export interface Membership {
  projectId: string;
  role: ProjectRole;
  /** The project's current update sequence: a socket joining now resumes after it. */
  seq: number;
}

/**
 * For realtime-sync (service invocation, issue 19): the projects a user sees
 * now (not deleted; archived ones too: their tasks can still change), the
 * first maxMemberships in the user's sidebar order (the Inbox first), so one
 * socket handshake does bounded work; `truncated` when there are more (the API
 * refuses a membership beyond the cap, but two joins at once may both pass it).
 */
export async function listMemberships(
  prisma: PrismaClient,
  userId: string,
): Promise<{ projects: Membership[]; truncated: boolean }> {
  const members = await prisma.projectMember.findMany({
    where: { userId, project: { deletedAt: null } },
    select: { projectId: true, role: true, project: { select: { updateSeq: true } } },
    orderBy: [{ position: 'asc' }, { projectId: 'asc' }],
    take: maxMemberships + 1,
  });
  return {
    projects: members
      .slice(0, maxMemberships)
      .map(({ projectId, role, project }) => ({ projectId, role, seq: project.updateSeq })),
    truncated: members.length > maxMemberships,
  };
}

/** For audit-agent: the user's role in one project (404 when not a member, or the project is deleted). */
export async function membershipIn(prisma: PrismaClient, userId: string, projectId: string): Promise<ProjectRole> {
  const member = await prisma.projectMember.findFirst({
    where: { userId, projectId, project: { deletedAt: null } },
    select: { role: true },
  });
  if (!member) throw new AppError(ErrorCode.notFound, 'Not a member');
  return member.role;
}

/** A member and what the permission table lets them do in the project. */
export interface MemberActions {
  userId: string;
  role: ProjectRole;
  actions: ProjectAction[];
}

/**
 * For webhook-agent (issue 20): every member of a project (at most maxMembers)
 * with the actions the permission table grants their role, so webhook-agent
 * decides who receives a project's events by this table, not a copy of it.
 * An empty list when the project is deleted or does not exist.
 */
export async function projectMemberActions(prisma: PrismaClient, projectId: string): Promise<MemberActions[]> {
  const members = await prisma.projectMember.findMany({
    where: { projectId, project: { deletedAt: null } },
    select: { userId: true, role: true },
    orderBy: { userId: 'asc' },
    take: maxMembers,
  });
  const actions = Object.values(ProjectAction);
  return members.map(({ userId, role }) => ({
    userId,
    role,
    actions: actions.filter((action) => allows(role, action)),
  }));
}
