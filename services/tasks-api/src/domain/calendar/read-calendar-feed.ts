import type { PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { buildSeries } from '@taskmesh/recurrence';
import { allows } from '../projects/permissions';
import { type CalendarTodo, calendarDocument } from './calendar-document';
import { calendarRule } from './calendar-rule';
import { hashToken } from '../../security/refresh-tokens';

/** The most tasks one feed holds (the nearest due first): a feed read is bounded work. */
export const maxFeedTasks = 2000;
/** Done tasks stay in the feed this long, so calendars show them ticked off. */
const doneKeptMs = 30 * 24 * 3_600_000;

const notFound = () => new AppError(ErrorCode.notFound, 'Calendar feed not found');

/**
 * The iCalendar text of a feed, read by its secret token (issue 20): the
 * owner's dated tasks in every project they may still see (or in the feed's
 * one project), open ones and those done in the last 30 days, each with the
 * owner's reminders as alarms. A revoked feed, an unknown token, and a
 * project feed whose owner may no longer see the project are all 404.
 */
export async function readCalendarFeed(prisma: PrismaClient, token: string, now = new Date()): Promise<string> {
  const feed = await prisma.calendarFeed.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { owner: { select: { id: true, timeZone: true } } },
  });
  if (!feed || feed.revokedAt) throw notFound();
  const ownerId = feed.owner.id;
  if (feed.projectId) {
    const member = await prisma.projectMember.findUnique({
      where: { projectId_userId: { projectId: feed.projectId, userId: ownerId } },
      include: { project: { select: { deletedAt: true } } },
    });
    if (!member || member.project.deletedAt || !allows(member.role, 'view')) throw notFound();
  }
  const tasks = await prisma.task.findMany({
    where: {
      deletedAt: null,
      dueAt: { not: null },
      OR: [{ status: { not: 'done' } }, { completedAt: { gte: new Date(now.getTime() - doneKeptMs) } }],
      project: { deletedAt: null, members: { some: { userId: ownerId } } },
      ...(feed.projectId ? { projectId: feed.projectId } : {}),
    },
    include: { series: true },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: maxFeedTasks,
  });
  const reminders = await prisma.reminder.findMany({
    where: { ownerId, taskId: { in: tasks.map((t) => t.id) }, fireAt: { not: null } },
    select: { taskId: true, fireAt: true },
  });
  const alarms = new Map<string, Date[]>();
  for (const r of reminders) if (r.fireAt) alarms.set(r.taskId, [...(alarms.get(r.taskId) ?? []), r.fireAt]);

  const todos = tasks.map((task): CalendarTodo => {
    const due = task.dueAt as Date;
    const allDay = task.allDay;
    return {
      id: task.id,
      title: task.title,
      description: task.description,
      status: task.status,
      priority: task.priority,
      tags: task.tags,
      due,
      allDay,
      timeZone: task.timeZone ?? feed.owner.timeZone,
      completedAt: task.completedAt,
      createdAt: task.createdAt,
      updatedAt: task.updatedAt,
      version: task.version,
      rrule: task.status !== 'done' && task.series && !task.series.endedAt ? ruleOf(task.series, due, allDay) : null,
      alarms: alarms.get(task.id) ?? [],
    };
  });
  await prisma.calendarFeed.update({ where: { id: feed.id }, data: { lastReadAt: now } });
  return calendarDocument(feed.name, todos, now);
}

/** The occurrence's RRULE, or none when the stored series no longer builds (it is then shown as one date). */
function ruleOf(
  series: { rrule: string; timeZone: string; anchor: string; mode: 'fixed' | 'afterCompletion' },
  due: Date,
  allDay: boolean,
): string | null {
  try {
    return calendarRule(buildSeries(series), due, allDay);
  } catch {
    return null;
  }
}
