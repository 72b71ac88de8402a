import { Frequency } from 'rrule';
import type { Floating } from './zone-time';

const DAY = 86_400_000;

/**
 * Where to start walking a rule to find its occurrences after `point`,
 * instead of at its anchor (issue 15: from an anchor in the year 1000 each
 * evaluation walked a thousand years). The start is a whole number of periods
 * (FREQ x INTERVAL) after the anchor, so rrule's periods from it are the
 * anchor's periods, and at least one whole period before `point`, so the
 * part of the first period rrule sees differently when it starts mid-period
 * (a week from a Wednesday, for BYSETPOS) ends before `point`:
 * - DAILY, WEEKLY: the anchor plus k periods (same weekday and time of day);
 * - MONTHLY, YEARLY: the first day of the k-th period's month or year, at the
 *   anchor's time of day. The anchor's day no longer shows in the start, so
 *   the caller makes the rule's day parts explicit (withAnchorDefaults).
 * Values are floating (wall-clock fields in UTC), so no DST change moves them.
 */
export function nearestStart(anchor: Floating, freq: Frequency, interval: number, point: Floating): Floating {
  if (point.getTime() <= anchor.getTime()) return anchor;
  const elapsed = elapsedPeriods(anchor, freq, point);
  const k = Math.floor(elapsed / interval) - 1;
  if (k <= 0) return anchor;
  const time = [anchor.getUTCHours(), anchor.getUTCMinutes(), anchor.getUTCSeconds()] as const;
  switch (freq) {
    case Frequency.DAILY:
      return new Date(anchor.getTime() + k * interval * DAY);
    case Frequency.WEEKLY:
      return new Date(anchor.getTime() + k * interval * 7 * DAY);
    case Frequency.MONTHLY:
      return new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() + k * interval, 1, ...time));
    default:
      return new Date(Date.UTC(anchor.getUTCFullYear() + k * interval, 0, 1, ...time));
  }
}

/** Whole days, weeks, calendar months or calendar years from the anchor to `point` (at most one too many). */
function elapsedPeriods(anchor: Floating, freq: Frequency, point: Floating): number {
  const years = point.getUTCFullYear() - anchor.getUTCFullYear();
  switch (freq) {
    case Frequency.DAILY:
      return Math.floor((point.getTime() - anchor.getTime()) / DAY);
    case Frequency.WEEKLY:
      return Math.floor((point.getTime() - anchor.getTime()) / (7 * DAY));
    case Frequency.MONTHLY:
      return years * 12 + point.getUTCMonth() - anchor.getUTCMonth();
    default:
      return years;
  }
}
