import { z } from 'zod';
import { ProjectRole, ProjectSnapshot } from '../project-snapshot';
import { cloudEvent } from './envelope';

/**
 * What happens to a project and its membership (issue 19). They travel on
 * task-events (partition key: the project id) beside the task events, so
 * audit-agent records them with one subscription and a project's activity
 * feed shows membership changes among its tasks' changes.
 */
export const ProjectCreatedType = 'project.created';
export const ProjectUpdatedType = 'project.updated';
export const ProjectDeletedType = 'project.deleted';
export const ProjectRestoredType = 'project.restored';
export const ProjectMemberAddedType = 'project.member-added';
export const ProjectMemberRoleChangedType = 'project.member-role-changed';
export const ProjectMemberRemovedType = 'project.member-removed';
export const ProjectOwnershipTransferredType = 'project.ownership-transferred';

const projectEventBase = {
  projectId: z.string().uuid(),
  /** Who made the change. */
  actorId: z.string().min(1),
  /** The personal access token the actor made the change with (issue 20); absent for a sign-in. */
  viaTokenId: z.string().uuid().optional(),
  /** The project's version after the change. */
  version: z.number().int().positive(),
  occurredAt: z.string().datetime({ offset: true }),
  project: ProjectSnapshot,
};

export const ProjectChangeData = z.object({
  ...projectEventBase,
  before: ProjectSnapshot.optional(),
  /** Names of the fields that changed (project.updated). */
  changes: z.array(z.string()).optional(),
});
export type ProjectChangeData = z.infer<typeof ProjectChangeData>;

export const ProjectMembershipData = z.object({
  ...projectEventBase,
  /** The member whose membership changed. */
  memberId: z.string().uuid(),
  /** The role before (null when they were not a member). */
  roleBefore: ProjectRole.nullable(),
  /** The role after (null when they are no longer a member). */
  roleAfter: ProjectRole.nullable(),
  /** removed by the owner, left by themselves, invite accepted, added by the owner. */
  reason: z.enum(['added', 'invite-accepted', 'role-changed', 'removed', 'left', 'ownership-transferred']),
});
export type ProjectMembershipData = z.infer<typeof ProjectMembershipData>;

export const ProjectCreated = cloudEvent(ProjectCreatedType, ProjectChangeData);
export const ProjectUpdated = cloudEvent(ProjectUpdatedType, ProjectChangeData);
export const ProjectDeleted = cloudEvent(ProjectDeletedType, ProjectChangeData);
export const ProjectRestored = cloudEvent(ProjectRestoredType, ProjectChangeData);
export const ProjectMemberAdded = cloudEvent(ProjectMemberAddedType, ProjectMembershipData);
export const ProjectMemberRoleChanged = cloudEvent(ProjectMemberRoleChangedType, ProjectMembershipData);
export const ProjectMemberRemoved = cloudEvent(ProjectMemberRemovedType, ProjectMembershipData);
export const ProjectOwnershipTransferred = cloudEvent(ProjectOwnershipTransferredType, ProjectMembershipData);

export const ProjectEvent = z.discriminatedUnion('type', [
  ProjectCreated,
  ProjectUpdated,
  ProjectDeleted,
  ProjectRestored,
  ProjectMemberAdded,
  ProjectMemberRoleChanged,
  ProjectMemberRemoved,
  ProjectOwnershipTransferred,
]);
export type ProjectEvent = z.infer<typeof ProjectEvent>;
export type ProjectEventType = ProjectEvent['type'];
