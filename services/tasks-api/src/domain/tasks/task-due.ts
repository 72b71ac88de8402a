import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode, isStorableInstant, type Principal } from '@taskmesh/platform';
import { localDate, startOfDay } from '@taskmesh/recurrence';

/*
 * When a task is due (issue 20, docs/decisions/012): at an instant (dueAt), or
 * on a day (allDay). An all-day task is stored as 00:00 of its day in its zone,
 * so sorting by due needs nothing new, and keeps that calendar day whatever
 * moves it: a new zone, a recurrence step, a skip.
 */

/** The fields of a task that say when it is due. */
export interface Due {
  dueAt: Date | null;
  timeZone: string | null;
  allDay: boolean;
}

/** What a request says about the due date (absent: unchanged; null: cleared). */
export interface DueInput {
  dueAt?: string | null;
  /** YYYY-MM-DD: due on that day, in the task's zone. */
  dueDate?: string | null;
  timeZone?: string | null;
}

/** The calendar day of an all-day task (YYYY-MM-DD in its zone); null for any other. */
export function dueDateOf(due: Due): string | null {
  return due.allDay && due.dueAt && due.timeZone ? localDate(due.dueAt, due.timeZone) : null;
}

const zoneRequired = () =>
  new AppError(ErrorCode.validation, 'An all-day task needs a time zone', {
    errors: [{ field: 'timeZone', message: 'an all-day task is due on a day in a zone; send dueAt to make it timed' }],
  });

/** 00:00 of a day in a zone, refused (naming `field`) when no timestamp can hold it (0001-01-01 east of UTC). */
function dayStart(date: string, zone: string, field: string): Date {
  const dueAt = startOfDay(date, zone);
  if (!isStorableInstant(dueAt))
    throw new AppError(ErrorCode.validation, 'The due day starts outside the years 0001-9999 (UTC)', {
      errors: [{ field, message: 'must start between years 0001 and 9999 (UTC) in the task zone' }],
    });
  return dueAt;
}

/**
 * The due fields after a request: `dueDate` makes the task all-day (in the
 * zone sent, else the task's, else `defaultZone`, the user's), `dueAt` makes
 * it timed, null for either clears the due date. A new zone alone keeps an
 * all-day task on its calendar day (00:00 of that date in the new zone).
 */
export function nextDue(current: Due, input: DueInput, defaultZone?: string): Due {
  const zone = input.timeZone !== undefined ? input.timeZone : current.timeZone;
  if (typeof input.dueDate === 'string') {
    const dayZone = zone ?? defaultZone;
    if (!dayZone) throw zoneRequired();
    return { dueAt: dayStart(input.dueDate, dayZone, 'dueDate'), timeZone: dayZone, allDay: true };
  }
  if (input.dueDate === null || input.dueAt === null) return { dueAt: null, timeZone: zone, allDay: false };
  if (input.dueAt !== undefined) return { dueAt: new Date(input.dueAt), timeZone: zone, allDay: false };
  const day = dueDateOf(current);
  if (day && zone !== current.timeZone) {
    if (!zone) throw zoneRequired();
    return { dueAt: dayStart(day, zone, 'timeZone'), timeZone: zone, allDay: true };
  }
  return { dueAt: current.dueAt, timeZone: zone, allDay: current.allDay };
}

/**
 * An all-day task's dueAt is the start of its day: an instant that came from
 * elsewhere (a series' next occurrence, a skip, an anchor with a time) is
 * moved to 00:00 of its calendar day in the task's zone. An all-day task
 * without a due date or zone is no longer all-day.
 */
export function keepAllDay<T extends Due>(task: T): T {
  if (!task.allDay) return task;
  if (!task.dueAt || !task.timeZone) return { ...task, allDay: false };
  return { ...task, dueAt: startOfDay(localDate(task.dueAt, task.timeZone), task.timeZone) };
}

/**
 * The editor's own zone, which a dueDate sent without a timeZone falls back to
 * (after the task's); read only for such a request, so other writes cost no query.
 */
export async function editorZone(
  tx: Prisma.TransactionClient,
  principal: Principal,
  input: DueInput,
): Promise<string | undefined> {
  if (typeof input.dueDate !== 'string' || input.timeZone) return undefined;
  const user = await tx.user.findUnique({ where: { id: principal.userId }, select: { timeZone: true } });
  return user?.timeZone;
}
