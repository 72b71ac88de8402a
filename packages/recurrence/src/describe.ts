import { Frequency } from 'rrule';
import type { Series } from './series';

const dayNames: Record<number, string> = {
  0: 'Monday',
  1: 'Tuesday',
  2: 'Wednesday',
  3: 'Thursday',
  4: 'Friday',
  5: 'Saturday',
  6: 'Sunday',
};
const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const ordinal = (n: number): string => {
  if (n === -1) return 'last';
  if (n < 0) return `${ordinal(-n)} to last`;
  const suffix =
    n % 10 === 1 && n % 100 !== 11
      ? 'st'
      : n % 10 === 2 && n % 100 !== 12
        ? 'nd'
        : n % 10 === 3 && n % 100 !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
};
const list = (items: string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** A human-readable description of a series, e.g. "every 2 weeks on Tuesday and Thursday at 09:00 (Europe/Berlin)". */
export function describe(series: Series): string {
  const o = series.rule.options;
  const every = (unit: string) => (o.interval > 1 ? `every ${o.interval} ${unit}s` : `every ${unit}`);
  const weekdays = (o.byweekday ?? []).map((d) => dayNames[d] ?? '');
  const nthWeekdays = (o.bynweekday ?? []).map(([d, n]) => `the ${ordinal(n ?? 1)} ${dayNames[d ?? 0]}`);
  const monthDays = o.bymonthday ?? [];
  const negativeDays = o.bynmonthday ?? [];
  const setpos = o.bysetpos ?? [];
  let text: string;
  const dayPart = () => {
    if (setpos.length === 1 && setpos[0] === -1 && monthDays.length > 1 && monthDays[0] === 28) {
      const day = monthDays.at(-1) as number;
      return day === 31 ? 'on the last day' : `on the ${ordinal(day)} (or the month's last day if shorter)`;
    }
    if (negativeDays.length > 0)
      return `on the ${list(negativeDays.map((d) => (d === -1 ? 'last day' : `${ordinal(d)} day`)))}`;
    if (nthWeekdays.length > 0) return `on ${list(nthWeekdays)}`;
    if (monthDays.length > 0) return `on the ${list(monthDays.map(ordinal))}`;
    if (weekdays.length > 0) return `on ${list(weekdays)}`;
    return '';
  };
  switch (o.freq) {
    case Frequency.DAILY:
      text = every('day');
      break;
    case Frequency.WEEKLY:
      text =
        weekdays.join(',') === 'Monday,Tuesday,Wednesday,Thursday,Friday' && o.interval === 1
          ? 'every weekday'
          : `${every('week')} ${dayPart()}`;
      break;
    case Frequency.MONTHLY:
      text = `${every('month')} ${dayPart()}`;
      break;
    default:
      text = `${every('year')} in ${list((o.bymonth ?? []).map((m) => monthNames[m - 1] ?? ''))} ${dayPart()}`;
  }
  if (series.definition.mode === 'afterCompletion') text = `${text} after each completion`;
  const time = `${String(series.anchor.getUTCHours()).padStart(2, '0')}:${String(series.anchor.getUTCMinutes()).padStart(2, '0')}`;
  text = `${text.trim()} at ${time} (${series.definition.timeZone})`;
  if (o.count) text += `, ${o.count} times`;
  if (o.until) text += `, until ${o.until.toISOString().slice(0, 10)}`;
  return text.replace(/\s+/g, ' ');
}
