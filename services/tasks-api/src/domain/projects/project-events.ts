import {
  AppId,
  type ProjectAccessChangedData,
  ProjectAccessChangedType,
  type ProjectChangeData,
  ProjectCreatedType,
  type ProjectEventType,
  type ProjectMemberAddedType,
  type ProjectMemberRemovedType,
  type ProjectMemberRoleChangedType,
  type ProjectMembershipData,
  type ProjectOwnershipTransferredType,
  type ProjectRole,
  Topic,
} from '@taskmesh/contracts';
import type { Prisma, Project } from '@taskmesh/db';
import { recordEvents } from '@taskmesh/outbox';
import { toProjectSnapshot } from './project-view';

type MembershipType =
  | typeof ProjectMemberAddedType
  | typeof ProjectMemberRoleChangedType
  | typeof ProjectMemberRemovedType
  | typeof ProjectOwnershipTransferredType;
type ChangeType = Exclude<ProjectEventType, MembershipType>;

export interface ProjectChange {
  type: ChangeType;
  actorId: string;
  viaTokenId?: string;
  before?: Project;
  after: Project;
  changes?: string[];
  now: Date;
}

export interface MembershipChange {
  type: MembershipType;
  actorId: string;
  viaTokenId?: string;
  project: Project;
  memberId: string;
  roleBefore: ProjectRole | null;
  roleAfter: ProjectRole | null;
  reason: ProjectMembershipData['reason'];
  now: Date;
}

/*
 * The one recorder of project events (issue 19): each goes on task-events
 * (partition key: the project id) for audit-agent, in the transaction of the
 * change. Membership changes also tell realtime-sync (task-updates,
 * project.access-changed) to join or drop the member's open sockets.
 */

/** Records project.created / updated / deleted / restored. */
export async function recordProjectChange(tx: Prisma.TransactionClient, change: ProjectChange): Promise<void> {
  const data: ProjectChangeData = {
    projectId: change.after.id,
    actorId: change.actorId,
    ...(change.viaTokenId ? { viaTokenId: change.viaTokenId } : {}),
    version: change.after.version,
    occurredAt: change.now.toISOString(),
    project: toProjectSnapshot(change.after),
    ...(change.before ? { before: toProjectSnapshot(change.before) } : {}),
    ...(change.changes ? { changes: change.changes } : {}),
  };
  await recordEvents(tx, 'tasks_api.outbox_events', AppId.tasksApi, [
    { topic: Topic.taskEvents, type: change.type, key: change.after.id, occurredAt: change.now, data },
    // A new project: the owner's open sockets (other tabs, other devices) follow it at once.
    ...(change.type === ProjectCreatedType
      ? [accessChange(change.after, change.after.ownerId, 'owner', change.now)]
      : []),
  ]);
}

/** Records a membership event, and the access change realtime-sync acts on. */
export async function recordMembershipChange(tx: Prisma.TransactionClient, change: MembershipChange): Promise<void> {
  const { project, now } = change;
  const data: ProjectMembershipData = {
    projectId: project.id,
    actorId: change.actorId,
    ...(change.viaTokenId ? { viaTokenId: change.viaTokenId } : {}),
    version: project.version,
    occurredAt: now.toISOString(),
    project: toProjectSnapshot(project),
    memberId: change.memberId,
    roleBefore: change.roleBefore,
    roleAfter: change.roleAfter,
    reason: change.reason,
  };
  await recordEvents(tx, 'tasks_api.outbox_events', AppId.tasksApi, [
    { topic: Topic.taskEvents, type: change.type, key: project.id, occurredAt: now, data },
    accessChange(project, change.memberId, change.roleAfter, now),
  ]);
}

/** project.access-changed for one member (role null: they no longer see the project). */
export function accessChange(project: Project, userId: string, role: ProjectRole | null, now: Date) {
  const data: ProjectAccessChangedData = {
    projectId: project.id,
    userId,
    role,
    seq: project.updateSeq,
    occurredAt: now.toISOString(),
  };
  return { topic: Topic.taskUpdates, type: ProjectAccessChangedType, key: project.id, occurredAt: now, data };
}
