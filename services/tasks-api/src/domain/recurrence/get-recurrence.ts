import type { PrismaClient } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { getTask } from '../tasks/get-task';
import { previewRecurrence } from './preview-recurrence';

/**
 * How a task recurs, for people: its series' rule, zone and anchor, the rule
 * in words and the next five dates. 404 when the task does not recur (or is
 * not the caller's to read).
 */
export async function getRecurrence(prisma: PrismaClient, principal: Principal, taskId: string, now = new Date()) {
  const task = await getTask(prisma, principal, taskId);
  const series = task.seriesId ? await prisma.recurringSeries.findUnique({ where: { id: task.seriesId } }) : null;
  if (!series) throw new AppError(ErrorCode.notFound, 'The task does not recur');
  const preview = previewRecurrence(
    { rrule: series.rrule, timeZone: series.timeZone, anchor: series.anchor, mode: series.mode, count: 5 },
    now,
  );
  return {
    seriesId: series.id,
    rrule: series.rrule,
    timeZone: series.timeZone,
    anchor: series.anchor,
    mode: series.mode,
    endedAt: series.endedAt?.toISOString() ?? null,
    description: preview.description,
    occurrences: series.endedAt ? [] : preview.occurrences,
  };
}
