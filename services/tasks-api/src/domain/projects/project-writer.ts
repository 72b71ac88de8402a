import type { Prisma, Project } from '@taskmesh/db';
import { type ProjectChange, recordProjectChange } from './project-events';

/*
 * The one writer of the projects table (issue 19): every change gives the
 * project a new version (its ETag, and the version its events carry) and is
 * recorded in the same transaction.
 */

/** Stores a change to a project the caller has locked and records its event. */
export async function writeProjectChange(
  tx: Prisma.TransactionClient,
  before: Project,
  data: Prisma.ProjectUpdateInput,
  change: Omit<ProjectChange, 'before' | 'after'>,
): Promise<Project> {
  const after = await bumpProject(tx, before, data, change.now);
  await recordProjectChange(tx, { ...change, before, after });
  return after;
}

/** A new version of the project (membership changes take one too, so audit versions only grow). */
export function bumpProject(
  tx: Prisma.TransactionClient,
  project: Project,
  data: Prisma.ProjectUpdateInput,
  now: Date,
): Promise<Project> {
  return tx.project.update({
    where: { id: project.id },
    data: { ...data, version: project.version + 1, updatedAt: now },
  });
}
