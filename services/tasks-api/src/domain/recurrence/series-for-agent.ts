import type { PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';

/** A series' definition, for recurrence-agent to compute the next occurrence. */
export async function getSeries(prisma: PrismaClient, id: string) {
  const row = await prisma.recurringSeries.findUnique({ where: { id } });
  if (!row) throw new AppError(ErrorCode.notFound, 'Series not found');
  return {
    id: row.id,
    ownerId: row.ownerId,
    rrule: row.rrule,
    timeZone: row.timeZone,
    anchor: row.anchor,
    mode: row.mode,
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}

/**
 * Series whose latest occurrence is done but whose next occurrence does not
 * exist (the agent was down, or the event was lost): the repair sweep's work.
 */
export async function listSeriesMissingNext(prisma: PrismaClient, limit: number) {
  const rows = await prisma.$queryRaw<
    Array<{ series_id: string; task_id: string; occurrence_index: number; due_at: Date | null; completed_at: Date }>
  >`
    SELECT series_id, task_id, occurrence_index, due_at, completed_at FROM (
      SELECT DISTINCT ON (t.series_id) t.series_id::text AS series_id, t.id::text AS task_id, t.occurrence_index,
        t.due_at, t.completed_at
      FROM tasks t JOIN recurring_series s ON s.id = t.series_id
      WHERE s.ended_at IS NULL AND t.deleted_at IS NULL
      ORDER BY t.series_id, t.occurrence_index DESC
    ) latest
    WHERE completed_at IS NOT NULL
    LIMIT ${limit}`;
  return rows.map((row) => ({
    seriesId: row.series_id,
    taskId: row.task_id,
    occurrenceIndex: row.occurrence_index,
    dueAt: row.due_at?.toISOString() ?? null,
    completedAt: row.completed_at.toISOString(),
  }));
}
