import { ProjectCreatedType } from '@taskmesh/contracts';
import type { Prisma, Project } from '@taskmesh/db';
import { requireRoomForMembership } from './members/member-view';
import { recordProjectChange } from './project-events';
import type { CreateProjectInput } from './project-input';
import { toProjectView, type ProjectView } from './project-view';

/**
 * Creates a project owned by `ownerId`, who becomes its first member (owner),
 * placed after their other projects; records project.created.
 */
export async function createProject(
  tx: Prisma.TransactionClient,
  ownerId: string,
  input: CreateProjectInput & { isInbox?: boolean },
  now = new Date(),
  /** The personal access token it is made with, for the audit log (issue 20). */
  viaTokenId?: string,
): Promise<ProjectView> {
  if (!input.isInbox) await requireRoomForMembership(tx, ownerId);
  const project = await insertProject(tx, ownerId, input, now);
  const last = await tx.projectMember.aggregate({ where: { userId: ownerId }, _max: { position: true } });
  const position = input.isInbox ? 0 : (last._max.position ?? 0) + 1;
  await tx.projectMember.create({
    data: { projectId: project.id, userId: ownerId, role: 'owner', position, createdAt: now, updatedAt: now },
  });
  await recordProjectChange(tx, {
    type: ProjectCreatedType,
    actorId: ownerId,
    ...(viaTokenId ? { viaTokenId } : {}),
    after: project,
    now,
  });
  return toProjectView(project, { role: 'owner', position });
}

async function insertProject(
  tx: Prisma.TransactionClient,
  ownerId: string,
  input: CreateProjectInput & { isInbox?: boolean },
  now: Date,
): Promise<Project> {
  return tx.project.create({
    data: {
      name: input.name,
      color: input.color ?? null,
      isInbox: input.isInbox ?? false,
      ownerId,
      createdAt: now,
      updatedAt: now,
    },
  });
}

/** Every user's Inbox, made at registration: where their tasks go when no project is named. */
export const createInbox = (tx: Prisma.TransactionClient, userId: string, now = new Date()) =>
  createProject(tx, userId, { name: 'Inbox', isInbox: true }, now);
