import { Frequency, type Options, RRule } from 'rrule';

export class RecurrenceRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecurrenceRuleError';
  }
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
export function parseRule(text: string): Partial<Options> {
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
  if (options.interval !== undefined && (options.interval < 1 || options.interval > 1000)) {
    throw new RecurrenceRuleError('INTERVAL must be between 1 and 1000');
  }
  if (options.count !== undefined && options.count !== null && (options.count < 1 || options.count > 10_000)) {
    throw new RecurrenceRuleError('COUNT must be between 1 and 10000');
  }
  if (options.count && options.until) throw new RecurrenceRuleError('COUNT and UNTIL cannot both be set');
  // Reject rules that can never produce an occurrence (BYMONTHDAY=31 in BYMONTH=2, ...).
  const probe = new RRule({
    ...options,
    dtstart: new Date(Date.UTC(2000, 0, 1)),
    count: 1,
    until: new Date(Date.UTC(2100, 0, 1)),
  });
  if (probe.all().length === 0) throw new RecurrenceRuleError('this rule never produces an occurrence');
  return options;
}

const numberRanges: Record<string, [number, number]> = {
  BYMONTHDAY: [-31, 31],
  BYMONTH: [1, 12],
  BYSETPOS: [-366, 366],
  BYYEARDAY: [-366, 366],
  BYWEEKNO: [-53, 53],
  INTERVAL: [1, 1000],
  COUNT: [1, 10_000],
};

/** rrule's parser lets some bad values through (unknown weekdays, out-of-range numbers); these checks do not. */
function checkValues(value: string): void {
  for (const part of value.split(';')) {
    const [rawName, list = ''] = part.split('=');
    const name = (rawName ?? '').toUpperCase();
    const items = list.split(',');
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
