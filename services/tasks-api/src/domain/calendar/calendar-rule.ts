import { type Series, toInstant } from '@taskmesh/recurrence';
import { DateTime } from 'luxon';
import { Frequency, type Options, RRule } from 'rrule';

const list = (value: unknown): number[] => (Array.isArray(value) ? value : typeof value === 'number' ? [value] : []);
// The most days each month can have (February: in a leap year).
const longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether the month-end policy's form (BYMONTHDAY=28..d;BYSETPOS=-1, "day d
 * or the month's last if shorter") is simply the month's last day: d is the
 * longest the month gets (31 monthly; the month's own length yearly).
 */
function isLastDayOfMonth(options: Partial<Options>): boolean {
  const days = list(options.bymonthday);
  if (list(options.bysetpos).join() !== '-1' || days[0] !== 28) return false;
  const last = days.at(-1) ?? 0;
  if (days.join() !== Array.from({ length: last - 27 }, (_, i) => 28 + i).join()) return false;
  if (options.freq === Frequency.MONTHLY) return last === 31;
  const months = list(options.bymonth);
  return options.freq === Frequency.YEARLY && months.length === 1 && longest[(months[0] ?? 1) - 1] === last;
}

/**
 * The RRULE a calendar gets for an open occurrence, counted from its own due
 * date (its DTSTART): the series' rule with COUNT turned into the series'
 * last occurrence as UNTIL (a calendar counting from this occurrence would
 * count too far), UNTIL in UTC (a DATE for an all-day task, RFC 5545
 * 3.3.10). "The 31st, or the month's last day if shorter" (and "Feb 29, or
 * the 28th") is written as BYMONTHDAY=-1, which every calendar expands; the
 * 29th and 30th of every month keep Taskmesh's BYSETPOS form, which is
 * RFC 5545 but which some calendars (ical.js among them) do not expand. Null when the calendar cannot follow the series:
 * after-completion series (the next date depends on when it is done) and
 * series that end before this occurrence.
 */
export function calendarRule(series: Series, due: Date, allDay: boolean): string | null {
  if (series.definition.mode === 'afterCompletion') return null;
  const zone = series.definition.timeZone;
  const until = series.end ? toInstant(series.end, zone) : null;
  if (until && until < due) return null;
  const options = { ...series.options };
  if (isLastDayOfMonth(options)) {
    options.bymonthday = [-1];
    options.bysetpos = null;
  }
  const text = RRule.optionsToString({ ...options, until }).replace(/^RRULE:/, '');
  if (!until || !allDay) return text;
  return text.replace(/UNTIL=\d{8}T\d{6}Z/, `UNTIL=${DateTime.fromJSDate(until, { zone }).toFormat('yyyyLLdd')}`);
}
