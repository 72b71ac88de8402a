import { DateTime } from 'luxon';

/** A due date as people read it, in their zone: "Tue 1 Dec, 09:00" (the year only when it is not this year). */
export function formatInZone(iso: string, zone: string, now = new Date()): string {
  const dt = DateTime.fromISO(iso, { zone });
  const sameYear = dt.year === DateTime.fromJSDate(now, { zone }).year;
  return dt.toFormat(sameYear ? 'ccc d LLL, HH:mm' : 'ccc d LLL yyyy, HH:mm');
}

/** The value of an <input type="datetime-local"> for an instant, in the user's zone. */
export function toLocalInput(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  return DateTime.fromISO(iso, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/**
 * An instant (ISO 8601 with the zone's offset) from a datetime-local value
 * read in the user's zone; undefined when the text is not a date-time. A
 * wall-clock time skipped by a DST jump moves forward, as luxon does.
 */
export function fromLocalInput(value: string, zone: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return undefined;
  const dt = DateTime.fromISO(value, { zone });
  return dt.isValid ? (dt.toISO({ suppressMilliseconds: true }) ?? undefined) : undefined;
}

/** The first instant of a calendar day (yyyy-mm-dd) in the zone, or of the day after with `endOfDay`. */
export function dayBoundary(day: string, zone: string, endOfDay = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const start = DateTime.fromISO(day, { zone }).startOf('day');
  if (!start.isValid) return undefined;
  return (endOfDay ? start.plus({ days: 1 }) : start).toISO({ suppressMilliseconds: true }) ?? undefined;
}

/** An all-day task's day as people read it: "Fri 4 Dec" (the year only when it is not this year). */
export function formatDay(day: string, zone: string, now = new Date()): string {
  const dt = DateTime.fromISO(day, { zone });
  const sameYear = dt.year === DateTime.fromJSDate(now, { zone }).year;
  return dt.toFormat(sameYear ? 'ccc d LLL' : 'ccc d LLL yyyy');
}

/**
 * True when the task is still open and its due time has passed; an all-day
 * task only once its day is over in its zone (issue 20), as tasks-api's
 * overdue filter counts it.
 */
export function isOverdue(
  task: { dueAt: string | null; status: string; allDay?: boolean; dueDate?: string | null; timeZone?: string | null },
  zone: string,
  now = Date.now(),
): boolean {
  if (task.status === 'done' || task.dueAt === null) return false;
  if (task.allDay && task.dueDate)
    return task.dueDate < (DateTime.fromMillis(now, { zone: task.timeZone ?? zone }).toISODate() ?? '');
  return Date.parse(task.dueAt) < now;
}

/** Tomorrow at 09:00 in the zone, as a datetime-local value: the first occurrence offered for a task without a due date. */
export function tomorrowMorning(zone: string, now = new Date()): string {
  return DateTime.fromJSDate(now, { zone })
    .plus({ days: 1 })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
    .toFormat("yyyy-LL-dd'T'HH:mm");
}
