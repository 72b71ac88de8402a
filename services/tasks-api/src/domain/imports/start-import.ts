import type { PrismaClient } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { ProjectAction } from '../projects/permissions';
import { requireProject } from '../projects/project-access';
import type { ImportView, StartImportInput } from './import-input';
import { importView } from './import-view';
import { readImportFile } from './read-import-file';

/**
 * Starts an import (issue 20): the file is read and every row checked now, so
 * a file that is not CSV or iCalendar is a 400 at once; the job and its rows
 * are stored in one transaction, and the runner turns them into tasks in the
 * background (import-runner.ts). Rows refused when read are in the report from
 * the start.
 */
export async function startImport(
  prisma: PrismaClient,
  principal: Principal,
  input: StartImportInput,
  now = new Date(),
): Promise<ImportView> {
  // The target is checked before the file is read: no access is a 404/403, as for POST /tasks.
  if (input.projectId) await requireProject(prisma, principal, input.projectId, ProjectAction.editTasks);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: principal.userId }, select: { timeZone: true } });
  const { source, rows } = readImportFile(input.format, input.content, { timeZone: user.timeZone, now });
  const skipped = rows.filter((row) => 'skip' in row).length;
  return prisma.$transaction(
    async (tx) => {
      const job = await tx.taskImport.create({
        data: {
          ownerId: principal.userId,
          projectId: input.projectId ?? null,
          format: input.format,
          source,
          status: skipped === rows.length ? 'done' : 'pending',
          total: rows.length,
          processed: skipped,
          skipped,
          finishedAt: skipped === rows.length ? now : null,
        },
      });
      // One statement for up to 10,000 rows: arrays are one parameter each (a
      // multi-row VALUES would pass PostgreSQL's 65,535 parameters).
      await tx.$executeRaw`
      INSERT INTO tasks_api.import_rows (import_id, row, key, draft, status, reason, created_at, updated_at)
      SELECT ${job.id}::uuid, r.row, r.key, r.draft::jsonb, r.status::tasks_api."ImportRowStatus", r.reason, now(), now()
      FROM unnest(${rows.map((r) => r.row)}::int[], ${rows.map((r) => ('key' in r ? r.key : null))}::text[],
        ${rows.map((r) => ('draft' in r ? JSON.stringify(r.draft) : null))}::text[],
        ${rows.map((r) => ('skip' in r ? 'skipped' : 'pending'))}::text[],
        ${rows.map((r) => ('skip' in r ? r.skip : null))}::text[]) AS r(row, key, draft, status, reason)`;
      return importView(tx, principal, job.id);
    },
    { timeout: 30_000 },
  );
}
