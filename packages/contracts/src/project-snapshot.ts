import { z } from 'zod';

/** Roles in a project (issue 19), from most to least rights. */
export const ProjectRole = z.enum(['owner', 'editor', 'commenter', 'viewer']);
export type ProjectRole = z.infer<typeof ProjectRole>;

/** A project's state as events carry it. */
export const ProjectSnapshot = z.object({
  id: z.string().uuid(),
  name: z.string(),
  /** #rrggbb, or null for the default colour. */
  color: z.string().nullable(),
  /** Each user's own Inbox: never shared, never deleted. */
  isInbox: z.boolean(),
  ownerId: z.string().uuid(),
  archivedAt: z.string().datetime({ offset: true }).nullable(),
  deletedAt: z.string().datetime({ offset: true }).nullable(),
  version: z.number().int().positive(),
  createdAt: z.string().datetime({ offset: true }),
  updatedAt: z.string().datetime({ offset: true }),
});
export type ProjectSnapshot = z.infer<typeof ProjectSnapshot>;
