import type { ProjectRole, ProjectSnapshot } from '@taskmesh/contracts';
import type { Project } from '@taskmesh/db';
import { z } from 'zod';

/** A project as events carry it. */
export function toProjectSnapshot(project: Project): ProjectSnapshot {
  return {
    id: project.id,
    name: project.name,
    color: project.color,
    isInbox: project.isInbox,
    ownerId: project.ownerId,
    archivedAt: project.archivedAt?.toISOString() ?? null,
    deletedAt: project.deletedAt?.toISOString() ?? null,
    version: project.version,
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
  };
}

export const ProjectView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  color: z.string().nullable(),
  isInbox: z.boolean(),
  ownerId: z.string().uuid(),
  /** The caller's role; null for an admin who is not a member. */
  role: z.enum(['owner', 'editor', 'commenter', 'viewer']).nullable(),
  /** Where the caller keeps it in their sidebar. */
  position: z.number().int(),
  archivedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProjectView = z.infer<typeof ProjectView>;

/** A project as the API answers it: the caller's role and sidebar position with it. */
export function toProjectView(project: Project, member: { role: ProjectRole; position: number } | null): ProjectView {
  const { id, name, color, isInbox, ownerId, archivedAt, deletedAt, version, createdAt, updatedAt } =
    toProjectSnapshot(project);
  return {
    id,
    name,
    color,
    isInbox,
    ownerId,
    role: member?.role ?? null,
    position: member?.position ?? 0,
    archivedAt,
    deletedAt,
    version,
    createdAt,
    updatedAt,
  };
}
