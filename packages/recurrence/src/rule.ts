import { Frequency, type Options, RRule } from 'rrule';

/** The input field a refused definition is about. */
export type RecurrenceField = 'rrule' | 'anchor' | 'timeZone';

export class RecurrenceRuleError extends Error {
  constructor(
    message: string,
    readonly field: RecurrenceField = 'rrule',
  ) {
    super(message);
    this.name = 'RecurrenceRuleError';
  }
}

/**
 * Bounds on a definition (issue 15), so that every evaluation is cheap: the
 * anchor and UNTIL lie from 1900 (time-zone data before it is local mean
 * time) to 100 years ahead; COUNT is at most 1,000 (the COUNT-th occurrence
 * is found by walking from the anchor); each BY part lists at most 31 values.
 */
export const recurrenceLimits = {
  earliestYear: 1900,
  yearsAhead: 100,
  maxCount: 1000,
  maxInterval: 1000,
  maxListValues: 31,
} as const;

/** Why a floating date-time (the anchor, or UNTIL) lies outside the window, or undefined when it does not. */
export function windowProblem(value: Date, name: 'anchor' | 'UNTIL', now = new Date()): string | undefined {
  const latest = now.getUTCFullYear() + recurrenceLimits.yearsAhead;
  const year = value.getUTCFullYear();
  if (year >= recurrenceLimits.earliestYear && year <= latest) return undefined;
  return `${name} must be from ${recurrenceLimits.earliestYear}-01-01 to ${latest}-12-31`;
}

/** Refuses a floating date-time outside the window. */
export function checkWindow(value: Date, name: 'anchor' | 'UNTIL', now = new Date()): void {
  const problem = windowProblem(value, name, now);
  if (problem) throw new RecurrenceRuleError(problem, name === 'anchor' ? 'anchor' : 'rrule');
}

const allowedParts = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYDAY',
  'BYMONTHDAY',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
  'BYYEARDAY',
  'BYWEEKNO',
]);
const allowedFrequencies = new Set([Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY, Frequency.YEARLY]);

/**
 * Parses and validates an RRULE value ("FREQ=MONTHLY;BYMONTHDAY=31", with or
 * without the "RRULE:" prefix). The time of day and the zone come from the
 * series' anchor, so DTSTART, BYHOUR/BYMINUTE/BYSECOND and sub-daily
 * frequencies are refused with a message naming the part.
 */
export function parseRule(text: string, now = new Date()): Partial<Options> {
  const value = text.trim().replace(/^RRULE:/i, '');
  if (value.length === 0 || value.length > 500) throw new RecurrenceRuleError('rrule must be 1 to 500 characters');
  for (const part of value.split(';')) {
    const [name, partValue] = part.split('=');
    if (!name || partValue === undefined || partValue === '')
      throw new RecurrenceRuleError(`"${part}" is not NAME=VALUE`);
    if (!allowedParts.has(name.toUpperCase())) {
      throw new RecurrenceRuleError(
        `${name} is not supported here (the series' anchor sets the start, time of day and zone)`,
      );
    }
  }
  checkValues(value);
  let options: Partial<Options>;
  try {
    options = RRule.parseString(value);
  } catch (error) {
    throw new RecurrenceRuleError(`not a valid RRULE: ${(error as Error).message}`);
  }
  if (options.freq === undefined) throw new RecurrenceRuleError('FREQ is required');
  if (!allowedFrequencies.has(options.freq))
    throw new RecurrenceRuleError('FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY');
  if (options.count && options.until) throw new RecurrenceRuleError('COUNT and UNTIL cannot both be set');
  if (options.until) checkWindow(options.until, 'UNTIL', now);
  // The cheap, common impossible rules (BYMONTHDAY=30 in BYMONTH=2) get a clear
  // message here; any other rule that never matches runs out of its step budget.
  if (neverInMonths(options)) throw new RecurrenceRuleError('this rule never produces an occurrence');
  return options;
}

const longestMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True when no listed month has any of the listed days (February 30, April 31...). */
function neverInMonths(options: Partial<Options>): boolean {
  const months = asList(options.bymonth);
  const days = asList(options.bymonthday);
  if (months.length === 0 || days.length === 0) return false;
  return months.every((month) => {
    const length = longestMonth[month - 1] ?? 31;
    return days.every((day) => Math.abs(day) > length);
  });
}

const numberRanges: Record<string, [number, number]> = {
  BYMONTHDAY: [-31, 31],
  BYMONTH: [1, 12],
  BYSETPOS: [-366, 366],
  BYYEARDAY: [-366, 366],
  BYWEEKNO: [-53, 53],
  INTERVAL: [1, recurrenceLimits.maxInterval],
  COUNT: [1, recurrenceLimits.maxCount],
};

/** rrule's parser lets some bad values through (unknown weekdays, out-of-range numbers); these checks do not. */
function checkValues(value: string): void {
  for (const part of value.split(';')) {
    const [rawName, list = ''] = part.split('=');
    const name = (rawName ?? '').toUpperCase();
    const items = list.split(',');
    if (name.startsWith('BY') && items.length > recurrenceLimits.maxListValues)
      throw new RecurrenceRuleError(`${name} lists at most ${recurrenceLimits.maxListValues} values`);
    if (name === 'BYDAY') {
      const bad = items.find((item) => !/^([+-]?([1-9]|[1-4]\d|5[0-3]))?(MO|TU|WE|TH|FR|SA|SU)$/.test(item));
      if (bad !== undefined)
        throw new RecurrenceRuleError(
          `not a valid RRULE: BYDAY value "${bad}" (use MO..SU, optionally with a position such as 2TU or -1FR)`,
        );
    }
    if (name === 'WKST' && !/^(MO|TU|WE|TH|FR|SA|SU)$/.test(list))
      throw new RecurrenceRuleError(`not a valid RRULE: WKST must be MO..SU`);
    const range = numberRanges[name];
    if (range) {
      const bad = items.find(
        (item) => !/^[+-]?\d+$/.test(item) || Number(item) < range[0] || Number(item) > range[1] || Number(item) === 0,
      );
      if (bad !== undefined) {
        throw new RecurrenceRuleError(
          `${name} must be ${name === 'INTERVAL' || name === 'COUNT' ? '' : 'non-zero '}whole numbers from ${range[0]} to ${range[1]}, not "${bad}"`,
        );
      }
    }
  }
}

const asList = (value: number | number[] | null | undefined): number[] =>
  value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Month-end policy. RFC 5545 skips months that lack the day, so a plain
 * "monthly on the 31st" silently skips five months a year (and some apps
 * instead drift to the 3rd of the next month or stick on the 28th). Taskmesh
 * moves such a day to the last day of a shorter month: a series on the 31st
 * runs Jan 31, Feb 28 (29), Mar 31, Apr 30; on the 30th, Feb 28 (29) then
 * Mar 30; a yearly series from Feb 29 runs on Feb 28 in common years. In
 * RRULE terms a single BYMONTHDAY of 29, 30 or 31 (without BYSETPOS) becomes
 * "the last of days 28..N" (BYMONTHDAY=28,...,N;BYSETPOS=-1). To get the
 * strict RFC behaviour, list the day with another one or add BYSETPOS.
 */
export function applyMonthEndPolicy(options: Partial<Options>): Partial<Options> {
  const days = asList(options.bymonthday);
  const monthly =
    options.freq === Frequency.MONTHLY || (options.freq === Frequency.YEARLY && asList(options.bymonth).length > 0);
  if (!monthly || days.length !== 1 || asList(options.bysetpos).length > 0) return options;
  const day = days[0] as number;
  if (day < 29) return options;
  const range = Array.from({ length: day - 27 }, (_, i) => 28 + i);
  return { ...options, bymonthday: range, bysetpos: [-1] };
}
