import { DateTime } from 'luxon';

/**
 * Local wall-clock times are handled as "floating" values: a JS Date whose UTC
 * fields are the wall-clock fields. rrule computes with them in UTC, so its
 * arithmetic never sees a DST change or the host's time zone; the zone is
 * applied once, at the end, by toInstant().
 */
export type Floating = Date;

/**
 * Date.UTC for any year: Date.UTC reads years 0-99 as 1900-1999, which moved
 * an all-day task due 0001-01-01 to 1901 (issue 20; series anchors start in 1900).
 */
function wallClock(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

export function isTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}

/** The wall-clock time of an instant in a zone, as a floating value. */
export function toFloating(instant: Date, zone: string): Floating {
  const local = DateTime.fromJSDate(instant, { zone });
  return new Date(wallClock(local.year, local.month, local.day, local.hour, local.minute, local.second));
}

/** Parses "2026-01-31T09:00" (no offset) as a floating wall-clock time. */
export function parseLocal(value: string): Floating | undefined {
  const local = DateTime.fromISO(value, { zone: 'utc' });
  if (!local.isValid || /[zZ]|[+-]\d\d:?\d\d$/.test(value)) return undefined;
  return local.toJSDate();
}

export function formatLocal(floating: Floating): string {
  return DateTime.fromJSDate(floating, { zone: 'utc' }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/**
 * The instant at which a wall-clock time happens in a zone, as RFC 5545
 * (3.3.5) prescribes:
 * - in a gap (the clocks jump forward past it), the time is read with the
 *   offset from before the gap: 02:30 on a spring-forward night is 03:30;
 *   but when that would carry it into the next day (a gap at midnight, as
 *   Europe/Sofia's 23:00 to 00:00 in 1979), with the offset after the gap,
 *   so that a daily series keeps one occurrence per local day (issue 16);
 * - in an overlap (the clocks fall back and it happens twice), the first of
 *   the two is meant.
 * A day the zone skipped altogether (Pacific/Apia, 2011-12-30) has no
 * instant: its time is read as RFC 5545 says, and occurrencesAfter() drops
 * what does not come after the occurrence before it.
 */
export function toInstant(floating: Floating, zone: string): Date {
  const fields = {
    year: floating.getUTCFullYear(),
    month: floating.getUTCMonth() + 1,
    day: floating.getUTCDate(),
    hour: floating.getUTCHours(),
    minute: floating.getUTCMinutes(),
    second: floating.getUTCSeconds(),
  };
  const wall = wallClock(fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second);
  // The offsets a day either side: offsets reach +14 hours and a change can be 24 hours
  // (Pacific/Apia), so half a day either side can read both from after the change (issue 16).
  const before = DateTime.fromMillis(wall - 86_400_000, { zone }).offset;
  const after = DateTime.fromMillis(wall + 86_400_000, { zone }).offset;
  const sameDay = (instant: number) => DateTime.fromMillis(instant, { zone }).day === fields.day;
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => {
      const back = DateTime.fromMillis(instant, { zone });
      return back.hour === fields.hour && back.minute === fields.minute && back.day === fields.day;
    })
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return new Date(first);
  // A gap: read the wall time with the offset in force before the gap, unless that leaves the day.
  const later = wall - before * 60_000;
  const earlier = wall - after * 60_000;
  return new Date(!sameDay(later) && sameDay(earlier) ? earlier : later);
}

/** A calendar date as YYYY-MM-DD that exists (2026-02-29 and 2026-13-01 do not). */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-LL-dd');
}

/**
 * The instant a calendar day starts in a zone: 00:00, or the first minute of
 * the day where midnight falls in a DST gap (toInstant keeps it on that day).
 */
export function startOfDay(date: string, zone: string): Date {
  const floating = parseLocal(`${date}T00:00`);
  if (!floating) throw new RangeError(`${date} is not a calendar date`);
  return toInstant(floating, zone);
}
