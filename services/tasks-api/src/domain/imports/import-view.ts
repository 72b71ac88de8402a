import type { Prisma, TaskImport } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { type ImportQuery, type ImportView, reportPageSize } from './import-input';

type Db = Prisma.TransactionClient;
export type ImportSummaryView = Omit<ImportView, 'rows' | 'nextRow'>;

export function summaryOf(job: TaskImport): ImportSummaryView {
  return {
    id: job.id,
    format: job.format,
    source: job.source as ImportView['source'],
    projectId: job.projectId,
    status: job.status,
    total: job.total,
    processed: job.processed,
    created: job.created,
    skipped: job.skipped,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

/** A job of the principal's with a page of its report; another user's job is 404 like one that does not exist. */
export async function importView(
  db: Db,
  principal: Principal,
  id: string,
  query: ImportQuery = {},
): Promise<ImportView> {
  const job = await db.taskImport.findFirst({ where: { id, ownerId: principal.userId } });
  if (!job) throw new AppError(ErrorCode.notFound, 'No such import of yours');
  const rows = await db.taskImportRow.findMany({
    where: {
      importId: id,
      status: query.status ?? { in: ['created', 'skipped'] },
      ...(query.fromRow ? { row: { gte: query.fromRow } } : {}),
    },
    select: { row: true, status: true, reason: true, taskId: true },
    orderBy: { row: 'asc' },
    take: reportPageSize + 1,
  });
  const page = rows.slice(0, reportPageSize);
  const next = rows[reportPageSize];
  return {
    ...summaryOf(job),
    rows: page.map((r) => ({
      row: r.row,
      status: r.status as 'created' | 'skipped',
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.taskId ? { taskId: r.taskId } : {}),
    })),
    ...(next ? { nextRow: next.row } : {}),
  };
}

/** The principal's newest imports, without their reports. */
export async function listImports(db: Db, principal: Principal): Promise<ImportSummaryView[]> {
  const jobs = await db.taskImport.findMany({
    where: { ownerId: principal.userId },
    orderBy: { createdAt: 'desc' },
    take: 20,
  });
  return jobs.map(summaryOf);
}
