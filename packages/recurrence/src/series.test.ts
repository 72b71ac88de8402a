import { DateTime } from 'luxon';
import { describe as describeSeries } from './describe';
import { type Preset, presetToRule } from './presets';
import { RecurrenceRuleError } from './rule';
import { buildSeries, nextOccurrence, occurrencesAfter, type SeriesDefinition } from './series';

// Results must not depend on the host's zone: infra/test.sh runs this file with
// TZ=UTC, TZ=Pacific/Auckland and TZ=America/Los_Angeles.

const series = (
  rrule: string,
  anchor: string,
  timeZone = 'America/New_York',
  mode: SeriesDefinition['mode'] = 'fixed',
) => buildSeries({ rrule, anchor, timeZone, mode });

/** Occurrences as local wall-clock times with their offsets, e.g. 1997-09-02T09:00-04:00. */
const local = (dates: Date[], zone: string) =>
  dates.map((d) => DateTime.fromJSDate(d, { zone }).toFormat("yyyy-LL-dd'T'HH:mmZZ"));
const all = (s: ReturnType<typeof series>, count = 50) =>
  local(occurrencesAfter(s, undefined, count), s.definition.timeZone);

describe('RFC 5545 section 3.8.5.3 examples (America/New_York)', () => {
  it('weekly for 10 occurrences keeps 09:00 local across the 1997 DST change', () => {
    expect(all(series('FREQ=WEEKLY;COUNT=10', '1997-09-02T09:00'))).toEqual([
      '1997-09-02T09:00-04:00',
      '1997-09-09T09:00-04:00',
      '1997-09-16T09:00-04:00',
      '1997-09-23T09:00-04:00',
      '1997-09-30T09:00-04:00',
      '1997-10-07T09:00-04:00',
      '1997-10-14T09:00-04:00',
      '1997-10-21T09:00-04:00',
      '1997-10-28T09:00-05:00',
      '1997-11-04T09:00-05:00',
    ]);
  });

  it('BYMONTHDAY=15,30 with COUNT skips February 30 (RFC behaviour with more than one day)', () => {
    expect(all(series('FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5', '2007-01-15T09:00'))).toEqual([
      '2007-01-15T09:00-05:00',
      '2007-01-30T09:00-05:00',
      '2007-02-15T09:00-05:00',
      '2007-03-15T09:00-04:00',
      '2007-03-30T09:00-04:00',
    ]);
  });

  it('BYMONTHDAY=-3: the third-to-last day of each month', () => {
    expect(all(series('FREQ=MONTHLY;BYMONTHDAY=-3', '1997-09-28T09:00'), 6)).toEqual([
      '1997-09-28T09:00-04:00',
      '1997-10-29T09:00-05:00',
      '1997-11-28T09:00-05:00',
      '1997-12-29T09:00-05:00',
      '1998-01-29T09:00-05:00',
      '1998-02-26T09:00-05:00',
    ]);
  });

  it('BYDAY=MO..FR with BYSETPOS=-1 (last work day) and -2 (second-to-last)', () => {
    expect(all(series('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', '1997-09-29T09:00'), 6)).toEqual([
      '1997-09-30T09:00-04:00',
      '1997-10-31T09:00-05:00',
      '1997-11-28T09:00-05:00',
      '1997-12-31T09:00-05:00',
      '1998-01-30T09:00-05:00',
      '1998-02-27T09:00-05:00',
    ]);
    expect(all(series('FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2', '1997-09-29T09:00'), 7)).toEqual([
      '1997-09-29T09:00-04:00',
      '1997-10-30T09:00-05:00',
      '1997-11-27T09:00-05:00',
      '1997-12-30T09:00-05:00',
      '1998-01-29T09:00-05:00',
      '1998-02-26T09:00-05:00',
      '1998-03-30T09:00-05:00',
    ]);
  });

  it('WKST=MO and WKST=SU give different days with INTERVAL=2', () => {
    expect(all(series('FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO', '1997-08-05T09:00'))).toEqual([
      '1997-08-05T09:00-04:00',
      '1997-08-10T09:00-04:00',
      '1997-08-19T09:00-04:00',
      '1997-08-24T09:00-04:00',
    ]);
    expect(all(series('FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU', '1997-08-05T09:00'))).toEqual([
      '1997-08-05T09:00-04:00',
      '1997-08-17T09:00-04:00',
      '1997-08-19T09:00-04:00',
      '1997-08-31T09:00-04:00',
    ]);
  });

  it('every Friday the 13th', () => {
    const s = series('FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13', '1997-09-02T09:00');
    expect(local(occurrencesAfter(s, new Date('1997-09-03T00:00:00Z'), 5), 'America/New_York')).toEqual([
      '1998-02-13T09:00-05:00',
      '1998-03-13T09:00-05:00',
      '1998-11-13T09:00-05:00',
      '1999-08-13T09:00-04:00',
      '2000-10-13T09:00-04:00',
    ]);
  });
});

describe('UNTIL, gaps and overlaps', () => {
  it('treats UNTIL as an inclusive UTC instant', () => {
    // 09:00 EST is 14:00Z: the occurrence at exactly UNTIL is included, the next is not.
    expect(all(series('FREQ=DAILY;UNTIL=20260105T140000Z', '2026-01-01T09:00'))).toEqual([
      '2026-01-01T09:00-05:00',
      '2026-01-02T09:00-05:00',
      '2026-01-03T09:00-05:00',
      '2026-01-04T09:00-05:00',
      '2026-01-05T09:00-05:00',
    ]);
    expect(all(series('FREQ=DAILY;UNTIL=20260105T135959Z', '2026-01-01T09:00'))).toHaveLength(4);
  });

  it('moves an occurrence in the spring-forward gap by the gap (02:30 -> 03:30 EDT)', () => {
    const s = series('FREQ=DAILY;COUNT=4', '2007-03-09T02:30');
    const dates = occurrencesAfter(s, undefined, 4);
    expect(local(dates, 'America/New_York')).toEqual([
      '2007-03-09T02:30-05:00',
      '2007-03-10T02:30-05:00',
      '2007-03-11T03:30-04:00',
      '2007-03-12T02:30-04:00',
    ]);
    expect(dates[2]?.toISOString()).toBe('2007-03-11T07:30:00.000Z');
  });

  it('takes the first of the two 01:30s when the clocks fall back', () => {
    const dates = occurrencesAfter(series('FREQ=DAILY;COUNT=3', '2007-11-03T01:30'), undefined, 3);
    expect(dates.map((d) => d.toISOString())).toEqual([
      '2007-11-03T05:30:00.000Z',
      '2007-11-04T05:30:00.000Z',
      '2007-11-05T06:30:00.000Z',
    ]);
  });
});

describe('month ends and leap years (Taskmesh policy)', () => {
  it('monthly from Jan 31 runs on the last day of shorter months and returns to the 31st', () => {
    expect(all(series('FREQ=MONTHLY', '2027-01-31T09:00', 'Europe/London'), 6)).toEqual([
      '2027-01-31T09:00+00:00',
      '2027-02-28T09:00+00:00',
      '2027-03-31T09:00+01:00',
      '2027-04-30T09:00+01:00',
      '2027-05-31T09:00+01:00',
      '2027-06-30T09:00+01:00',
    ]);
    expect(all(series('FREQ=MONTHLY;BYMONTHDAY=30', '2028-01-30T09:00', 'Europe/London'), 3)).toEqual([
      '2028-01-30T09:00+00:00',
      '2028-02-29T09:00+00:00',
      '2028-03-30T09:00+01:00',
    ]);
  });

  it('never jumps to the 3rd of the next month and never sticks on the 28th', () => {
    const days = occurrencesAfter(series('FREQ=MONTHLY;BYMONTHDAY=31', '2026-01-31T12:00', 'UTC'), undefined, 24).map(
      (d) => d.getUTCDate(),
    );
    expect(days.filter((d) => d < 28)).toEqual([]);
    expect(days.filter((d) => d === 31)).toHaveLength(14);
  });

  it('the last day of the month is BYMONTHDAY=-1', () => {
    expect(all(series(presetToRule({ kind: 'monthlyOnLastDay' }), '2028-01-31T09:00', 'UTC'), 3)).toEqual([
      '2028-01-31T09:00+00:00',
      '2028-02-29T09:00+00:00',
      '2028-03-31T09:00+00:00',
    ]);
  });

  it('yearly from Feb 29 runs on Feb 28 in common years', () => {
    expect(all(series('FREQ=YEARLY', '2024-02-29T08:00', 'UTC'), 5)).toEqual([
      '2024-02-29T08:00+00:00',
      '2025-02-28T08:00+00:00',
      '2026-02-28T08:00+00:00',
      '2027-02-28T08:00+00:00',
      '2028-02-29T08:00+00:00',
    ]);
  });
});

describe('series around the world keep their local time', () => {
  const zones: Array<[string, string]> = [
    ['Pacific/Auckland', '2026-03-30T09:00'],
    ['Australia/Sydney', '2026-03-30T09:00'],
    ['Australia/Eucla', '2026-03-30T09:00'],
    ['Europe/London', '2026-03-23T09:00'],
    ['America/Los_Angeles', '2026-03-02T09:00'],
  ];
  it.each(zones)('%s: weekly at 09:00 across its DST change (or none)', (zone, anchor) => {
    const dates = occurrencesAfter(series('FREQ=WEEKLY', anchor, zone), undefined, 4);
    const locals = dates.map((d) => DateTime.fromJSDate(d, { zone }));
    expect(locals.map((l) => l.toFormat('HH:mm'))).toEqual(['09:00', '09:00', '09:00', '09:00']);
    expect(locals.map((l) => l.weekday)).toEqual(Array(4).fill(locals[0]?.weekday));
    if (zone !== 'Australia/Eucla') expect(new Set(locals.map((l) => l.offset)).size).toBe(2);
    if (zone === 'Australia/Eucla') expect(locals[0]?.toFormat('ZZ')).toBe('+08:45');
  });
});

describe('the next occurrence after a completion', () => {
  it('fixed: follows the rule from the scheduled time, the next local day in UTC+13', () => {
    const s = series('FREQ=DAILY', '2026-01-10T09:00', 'Pacific/Auckland');
    // Completed at 08:00 local on Jan 10 (still Jan 9 in UTC).
    const next = nextOccurrence(s, {
      scheduledAt: new Date('2026-01-09T20:00:00Z'),
      completedAt: new Date('2026-01-09T19:00:00Z'),
    });
    expect(local([next as Date], 'Pacific/Auckland')).toEqual(['2026-01-11T09:00+13:00']);
  });

  it('fixed: a daily task three days overdue gets one next occurrence, in the future', () => {
    const s = series('FREQ=DAILY', '2026-05-01T09:00', 'Europe/London');
    const next = nextOccurrence(s, {
      scheduledAt: new Date('2026-05-10T08:00:00Z'),
      completedAt: new Date('2026-05-13T12:00:00Z'),
    });
    expect(next?.toISOString()).toBe('2026-05-14T08:00:00.000Z');
  });

  it('fixed: a weekly task keeps its hour across DST and the series ends with COUNT', () => {
    const s = series('FREQ=WEEKLY;COUNT=3', '2026-03-02T09:00', 'America/Los_Angeles');
    const [first, second, third] = occurrencesAfter(s, undefined, 3) as [Date, Date, Date];
    expect(nextOccurrence(s, { scheduledAt: first, completedAt: first })).toEqual(second);
    expect(nextOccurrence(s, { scheduledAt: second, completedAt: second })).toEqual(third);
    expect(local([third], 'America/Los_Angeles')).toEqual(['2026-03-16T09:00-07:00']);
    expect(nextOccurrence(s, { scheduledAt: third, completedAt: third })).toBeUndefined();
  });

  it('after completion: the interval counts from the completion day, at the anchor’s time', () => {
    const s = series('FREQ=DAILY;INTERVAL=3', '2026-03-01T09:00', 'Europe/Berlin', 'afterCompletion');
    const next = nextOccurrence(s, {
      scheduledAt: new Date('2026-03-04T08:00:00Z'),
      completedAt: new Date('2026-03-26T16:00:00Z'),
    });
    // Completed Thursday 26 March 17:00 CET; three days later is Sunday 29 March, after the switch to CEST.
    expect(local([next as Date], 'Europe/Berlin')).toEqual(['2026-03-29T09:00+02:00']);
  });
});

describe('rules refused with a clear message', () => {
  it.each([
    ['FREQ=HOURLY', /FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY/],
    ['FREQ=DAILY;BYHOUR=9', /BYHOUR is not supported/],
    ['DTSTART=20260101T000000Z;FREQ=DAILY', /DTSTART is not supported/],
    ['FREQ=WEEKLY;BYDAY=XX', /not a valid RRULE/],
    ['INTERVAL=2', /FREQ is required/],
    ['FREQ=DAILY;INTERVAL=0', /INTERVAL must be whole numbers from 1 to 1000/],
    ['FREQ=MONTHLY;BYMONTHDAY=32', /BYMONTHDAY must be non-zero whole numbers from -31 to 31/],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30,31', /never produces an occurrence/],
    ['FREQ=DAILY;COUNT=3;UNTIL=20270101T000000Z', /COUNT and UNTIL/],
    ['nonsense', /NAME=VALUE/],
  ])('%s', (rrule, message) => {
    expect(() => series(rrule, '2026-01-01T09:00')).toThrow(message);
  });

  it('refuses a bad zone, a bad anchor and BYxxx parts in an after-completion series', () => {
    expect(() => series('FREQ=DAILY', '2026-01-01T09:00', 'Mars/Olympus')).toThrow(RecurrenceRuleError);
    expect(() => series('FREQ=DAILY', '2026-01-01T09:00Z')).toThrow(/anchor/);
    expect(() => series('FREQ=WEEKLY;BYDAY=MO', '2026-01-01T09:00', 'UTC', 'afterCompletion')).toThrow(
      /after-completion/,
    );
  });
});

describe('presets and descriptions', () => {
  it.each([
    [{ kind: 'daily' } as const, 'every day at 09:00 (Europe/Paris)'],
    [{ kind: 'weekdays' } as const, 'every weekday at 09:00 (Europe/Paris)'],
    [{ kind: 'weekly', days: ['WE', 'MO'] } as const, 'every week on Monday and Wednesday at 09:00 (Europe/Paris)'],
    [
      { kind: 'everyNWeeks', weeks: 2, days: ['TU', 'TH'] } as const,
      'every 2 weeks on Tuesday and Thursday at 09:00 (Europe/Paris)',
    ],
    [{ kind: 'monthlyOnDay', day: 31 } as const, 'every month on the last day at 09:00 (Europe/Paris)'],
    [{ kind: 'monthlyOnDay', day: 15 } as const, 'every month on the 15th at 09:00 (Europe/Paris)'],
    [{ kind: 'monthlyOnLastDay' } as const, 'every month on the last day at 09:00 (Europe/Paris)'],
    [
      { kind: 'monthlyOnWeekday', nth: 2, day: 'TU' } as const,
      'every month on the 2nd Tuesday at 09:00 (Europe/Paris)',
    ],
    [
      { kind: 'monthlyOnWeekday', nth: -1, day: 'FR' } as const,
      'every month on the last Friday at 09:00 (Europe/Paris)',
    ],
    [{ kind: 'yearly' } as const, 'every year in January on the 5th at 09:00 (Europe/Paris)'],
  ])('%j', (preset, text) => {
    expect(describeSeries(series(presetToRule(preset as Preset), '2026-01-05T09:00', 'Europe/Paris'))).toBe(text);
  });
});
