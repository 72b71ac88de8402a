import type { Project } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { toProjectSnapshot } from './project-view';

/** Optimistic concurrency for projects, as for tasks: 412 with the project as it is now. */
export function checkProjectIfMatch(project: Project, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch === '*') return;
  const versions = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, '').replace(/"/g, ''));
  if (versions.includes(String(project.version))) return;
  throw new AppError(ErrorCode.preconditionFailed, `The project is at version ${project.version}, not ${ifMatch}`, {
    extra: { current: toProjectSnapshot(project) },
    headers: { etag: `"${project.version}"` },
  });
}
