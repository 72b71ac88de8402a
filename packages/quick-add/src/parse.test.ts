import { DateTime } from 'luxon';
import { buildSeries, occurrencesAfter } from '@taskmesh/recurrence';
import { parseQuickAdd, type QuickAdd } from './parse';

// Issue 20: the phrases people type, each with the due day (all-day) or due
// instant and the RRULE expected. "Now" is Thursday 2026-12-03 10:00 UTC,
// 11:00 in Berlin (CET, UTC+1 until 2027-03-28); expected instants are written
// out by hand in UTC. infra/test.sh runs this file under three host zones: the
// parser reads dates only in the user's zone, never the host's.
const now = new Date('2026-12-03T10:00:00Z');

interface Expect {
  title: string;
  /** All-day: the due day. */
  day?: string;
  /** With a time: the due instant. */
  at?: string;
  rrule?: string;
  mode?: 'afterCompletion';
  tags?: string[];
  priority?: QuickAdd['priority'];
  project?: string;
  zone?: string;
  literal?: number[];
}

const rows: Array<[string, Expect]> = [
  // Days
  ['Call mom today', { title: 'Call mom', day: '2026-12-03' }],
  ['Call mom tod', { title: 'Call mom', day: '2026-12-03' }],
  ['Call mom tomorrow', { title: 'Call mom', day: '2026-12-04' }],
  ['Call mom tmr', { title: 'Call mom', day: '2026-12-04' }],
  ['Call mom tmrw', { title: 'Call mom', day: '2026-12-04' }],
  ['Report fri', { title: 'Report', day: '2026-12-04' }],
  ['Report friday', { title: 'Report', day: '2026-12-04' }],
  ['Report on fri', { title: 'Report', day: '2026-12-04' }],
  ['Report this fri', { title: 'Report', day: '2026-12-04' }],
  ['Report next fri', { title: 'Report', day: '2026-12-11' }],
  ['Report thu', { title: 'Report', day: '2026-12-10' }],
  ['Report this thu', { title: 'Report', day: '2026-12-03' }],
  ['Report next thursday', { title: 'Report', day: '2026-12-10' }],
  ['Report mon', { title: 'Report', day: '2026-12-07' }],
  ['Report next monday', { title: 'Report', day: '2026-12-07' }],
  ['Report wed', { title: 'Report', day: '2026-12-09' }],
  ['Report tue', { title: 'Report', day: '2026-12-08' }],
  ['Report tues', { title: 'Report', day: '2026-12-08' }],
  ['Report sat', { title: 'Report', day: '2026-12-05' }],
  ['Report sunday', { title: 'Report', day: '2026-12-06' }],
  ['Report next sun', { title: 'Report', day: '2026-12-13' }],
  ['Report this sat', { title: 'Report', day: '2026-12-05' }],
  ['Report thurs', { title: 'Report', day: '2026-12-10' }],
  ['Report weds', { title: 'Report', day: '2026-12-09' }],
  ['Report Wednesday', { title: 'Report', day: '2026-12-09' }],
  ['Plan next week', { title: 'Plan', day: '2026-12-07' }],
  ['Plan next month', { title: 'Plan', day: '2027-01-01' }],
  ['Plan next year', { title: 'Plan', day: '2027-01-01' }],
  ['Plan in 3 days', { title: 'Plan', day: '2026-12-06' }],
  ['Plan in a day', { title: 'Plan', day: '2026-12-04' }],
  ['Plan in one week', { title: 'Plan', day: '2026-12-10' }],
  ['Plan in 2 weeks', { title: 'Plan', day: '2026-12-17' }],
  ['Plan in 1 month', { title: 'Plan', day: '2027-01-03' }],
  ['Plan in 6 months', { title: 'Plan', day: '2027-06-03' }],
  ['Plan in a year', { title: 'Plan', day: '2027-12-03' }],
  ['Plan in ten days', { title: 'Plan', day: '2026-12-13' }],
  ['Taxes jan 31', { title: 'Taxes', day: '2027-01-31' }],
  ['Taxes january 31st', { title: 'Taxes', day: '2027-01-31' }],
  ['Taxes 31 jan', { title: 'Taxes', day: '2027-01-31' }],
  ['Taxes 31st of january', { title: 'Taxes', day: '2027-01-31' }],
  ['Taxes jan 31, 2028', { title: 'Taxes', day: '2028-01-31' }],
  ['Taxes dec 25', { title: 'Taxes', day: '2026-12-25' }],
  ['Taxes dec 3', { title: 'Taxes', day: '2026-12-03' }],
  ['Taxes dec 2', { title: 'Taxes', day: '2027-12-02' }],
  ['Taxes feb 29', { title: 'Taxes', day: '2028-02-29' }],
  ['Taxes 2027-03-15', { title: 'Taxes', day: '2027-03-15' }],
  ['Taxes sept 9', { title: 'Taxes', day: '2027-09-09' }],
  ['Taxes aug. 1', { title: 'Taxes', day: '2027-08-01' }],
  ['Taxes 1 may', { title: 'Taxes', day: '2027-05-01' }],
  ['Taxes may 5 2027', { title: 'Taxes', day: '2027-05-05' }],
  ['Taxes june 30', { title: 'Taxes', day: '2027-06-30' }],
  ['Taxes Dec 31', { title: 'Taxes', day: '2026-12-31' }],
  // Times (Berlin is UTC+1 in winter, UTC+2 from 2027-03-28)
  ['Call mom tomorrow 9am', { title: 'Call mom', at: '2026-12-04T08:00:00Z' }],
  ['Call mom tomorrow at 9am', { title: 'Call mom', at: '2026-12-04T08:00:00Z' }],
  ['Call mom tomorrow 9 am', { title: 'Call mom', at: '2026-12-04T08:00:00Z' }],
  ['Call mom tomorrow 9:30am', { title: 'Call mom', at: '2026-12-04T08:30:00Z' }],
  ['Call mom tomorrow at 9', { title: 'Call mom', at: '2026-12-04T08:00:00Z' }],
  ['Call mom tomorrow at 21', { title: 'Call mom', at: '2026-12-04T20:00:00Z' }],
  ['Call mom tomorrow at 21:15', { title: 'Call mom', at: '2026-12-04T20:15:00Z' }],
  ['Call mom tomorrow 21:15', { title: 'Call mom', at: '2026-12-04T20:15:00Z' }],
  ['Call mom tomorrow noon', { title: 'Call mom', at: '2026-12-04T11:00:00Z' }],
  ['Call mom tomorrow midday', { title: 'Call mom', at: '2026-12-04T11:00:00Z' }],
  ['Call mom tomorrow at midnight', { title: 'Call mom', at: '2026-12-03T23:00:00Z' }],
  ['Call mom tomorrow 12am', { title: 'Call mom', at: '2026-12-03T23:00:00Z' }],
  ['Call mom tomorrow 12pm', { title: 'Call mom', at: '2026-12-04T11:00:00Z' }],
  ['Call mom fri 5pm', { title: 'Call mom', at: '2026-12-04T16:00:00Z' }],
  ['Call mom 5pm fri', { title: 'Call mom', at: '2026-12-04T16:00:00Z' }],
  ['Call mom 5pm', { title: 'Call mom', at: '2026-12-03T16:00:00Z' }],
  ['Call mom 10am', { title: 'Call mom', at: '2026-12-04T09:00:00Z' }],
  ['Call mom at 11', { title: 'Call mom', at: '2026-12-04T10:00:00Z' }],
  ['Call mom at 8', { title: 'Call mom', at: '2026-12-04T07:00:00Z' }],
  ['Call mom 9:45 pm', { title: 'Call mom', at: '2026-12-03T20:45:00Z' }],
  ['Call mom 9:45 p.m.', { title: 'Call mom', at: '2026-12-03T20:45:00Z' }],
  ['Call mom in 2 hours', { title: 'Call mom', at: '2026-12-03T12:00:00Z' }],
  ['Call mom in 30 minutes', { title: 'Call mom', at: '2026-12-03T10:30:00Z' }],
  ['Call mom in 45 mins', { title: 'Call mom', at: '2026-12-03T10:45:00Z' }],
  ['Call mom in an hour', { title: 'Call mom', at: '2026-12-03T11:00:00Z' }],
  ['Call mom jan 31 at 9am', { title: 'Call mom', at: '2027-01-31T08:00:00Z' }],
  ['Call mom next monday at 9', { title: 'Call mom', at: '2026-12-07T08:00:00Z' }],
  ['Call mom 2027-03-28 9am', { title: 'Call mom', at: '2027-03-28T07:00:00Z' }],
  // 02:30 does not exist on 2027-03-28 in Berlin: the clock jumps to 03:30 CEST.
  ['Call mom mar 28 2:30am', { title: 'Call mom', at: '2027-03-28T01:30:00Z' }],
  // 02:30 happens twice on 2027-10-31: the first (CEST) is meant.
  ['Call mom oct 31 2:30am', { title: 'Call mom', at: '2027-10-31T00:30:00Z' }],
  ['Call mom mar 27 9am', { title: 'Call mom', at: '2027-03-27T08:00:00Z' }],
  ['Call mom today at 23:59', { title: 'Call mom', at: '2026-12-03T22:59:00Z' }],
  ['Call mom this sat 7am', { title: 'Call mom', at: '2026-12-05T06:00:00Z' }],
  ['Call mom in 3 days at 6pm', { title: 'Call mom', at: '2026-12-06T17:00:00Z' }],
  ['Call mom tmr 8:05', { title: 'Call mom', at: '2026-12-04T07:05:00Z' }],
  ['Room 101 at noon', { title: 'Room 101', at: '2026-12-03T11:00:00Z' }],
  // Repeats
  [
    'Pay rent every month on the 1st at 9am #home !1',
    {
      title: 'Pay rent',
      at: '2027-01-01T08:00:00Z',
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
      tags: ['home'],
      priority: 'urgent',
    },
  ],
  ['Stretch every day', { title: 'Stretch', day: '2026-12-03', rrule: 'FREQ=DAILY' }],
  ['Stretch every day at 8', { title: 'Stretch', at: '2026-12-04T07:00:00Z', rrule: 'FREQ=DAILY' }],
  ['Stretch every day at 8pm', { title: 'Stretch', at: '2026-12-03T19:00:00Z', rrule: 'FREQ=DAILY' }],
  ['Stretch every 2 days', { title: 'Stretch', day: '2026-12-03', rrule: 'FREQ=DAILY;INTERVAL=2' }],
  ['Stretch every other day', { title: 'Stretch', day: '2026-12-03', rrule: 'FREQ=DAILY;INTERVAL=2' }],
  ['Standup every weekday', { title: 'Standup', day: '2026-12-03', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' }],
  [
    'Standup every weekday at 9:30',
    { title: 'Standup', at: '2026-12-04T08:30:00Z', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' },
  ],
  [
    'Standup every workday at 10am',
    { title: 'Standup', at: '2026-12-04T09:00:00Z', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' },
  ],
  ['Laundry every weekend', { title: 'Laundry', day: '2026-12-05', rrule: 'FREQ=WEEKLY;BYDAY=SA,SU' }],
  ['Gym every monday', { title: 'Gym', day: '2026-12-07', rrule: 'FREQ=WEEKLY;BYDAY=MO' }],
  ['Gym every mon, wed and fri', { title: 'Gym', day: '2026-12-04', rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR' }],
  ['Gym every tue and thu at 7am', { title: 'Gym', at: '2026-12-08T06:00:00Z', rrule: 'FREQ=WEEKLY;BYDAY=TU,TH' }],
  ['Gym every thu', { title: 'Gym', day: '2026-12-03', rrule: 'FREQ=WEEKLY;BYDAY=TH' }],
  ['Review every week', { title: 'Review', day: '2026-12-03', rrule: 'FREQ=WEEKLY' }],
  ['Review every 2 weeks on tue', { title: 'Review', day: '2026-12-08', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU' }],
  ['Review every other week on fri', { title: 'Review', day: '2026-12-04', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR' }],
  ['Review every week on mon and wed', { title: 'Review', day: '2026-12-07', rrule: 'FREQ=WEEKLY;BYDAY=MO,WE' }],
  ['Review every 3 weeks', { title: 'Review', day: '2026-12-03', rrule: 'FREQ=WEEKLY;INTERVAL=3' }],
  ['Check every 2 weeks', { title: 'Check', day: '2026-12-03', rrule: 'FREQ=WEEKLY;INTERVAL=2' }],
  ['Invoice every month', { title: 'Invoice', day: '2026-12-03', rrule: 'FREQ=MONTHLY' }],
  ['Invoice every month on the 15th', { title: 'Invoice', day: '2026-12-15', rrule: 'FREQ=MONTHLY;BYMONTHDAY=15' }],
  ['Invoice every month on the last day', { title: 'Invoice', day: '2026-12-31', rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1' }],
  ['Invoice every last day of the month', { title: 'Invoice', day: '2026-12-31', rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1' }],
  ['Invoice every 15th', { title: 'Invoice', day: '2026-12-15', rrule: 'FREQ=MONTHLY;BYMONTHDAY=15' }],
  ['Invoice every 1st', { title: 'Invoice', day: '2027-01-01', rrule: 'FREQ=MONTHLY;BYMONTHDAY=1' }],
  ['Invoice every 3rd', { title: 'Invoice', day: '2026-12-03', rrule: 'FREQ=MONTHLY;BYMONTHDAY=3' }],
  ['Invoice every 2 months', { title: 'Invoice', day: '2026-12-03', rrule: 'FREQ=MONTHLY;INTERVAL=2' }],
  [
    'Invoice every month on the 1st and 15th',
    { title: 'Invoice', day: '2026-12-15', rrule: 'FREQ=MONTHLY;BYMONTHDAY=1,15' },
  ],
  ['Invoice every 31st', { title: 'Invoice', day: '2026-12-31', rrule: 'FREQ=MONTHLY;BYMONTHDAY=31' }],
  ['Meeting every last friday', { title: 'Meeting', day: '2026-12-25', rrule: 'FREQ=MONTHLY;BYDAY=-1FR' }],
  ['Meeting every first monday', { title: 'Meeting', day: '2026-12-07', rrule: 'FREQ=MONTHLY;BYDAY=1MO' }],
  ['Meeting every 2nd tue', { title: 'Meeting', day: '2026-12-08', rrule: 'FREQ=MONTHLY;BYDAY=2TU' }],
  [
    'Meeting every third wednesday at 6pm',
    { title: 'Meeting', at: '2026-12-16T17:00:00Z', rrule: 'FREQ=MONTHLY;BYDAY=3WE' },
  ],
  ['Meeting every fourth thu', { title: 'Meeting', day: '2026-12-24', rrule: 'FREQ=MONTHLY;BYDAY=4TH' }],
  ['Birthday every jan 31', { title: 'Birthday', day: '2027-01-31', rrule: 'FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31' }],
  ['Birthday every 14 feb', { title: 'Birthday', day: '2027-02-14', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=14' }],
  ['Birthday every dec 3', { title: 'Birthday', day: '2026-12-03', rrule: 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=3' }],
  ['Renew every year', { title: 'Renew', day: '2026-12-03', rrule: 'FREQ=YEARLY' }],
  ['Renew every 2 years', { title: 'Renew', day: '2026-12-03', rrule: 'FREQ=YEARLY;INTERVAL=2' }],
  ['Renew every year on mar 3', { title: 'Renew', day: '2027-03-03', rrule: 'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3' }],
  [
    'Renew every 2 years on 14th of feb',
    { title: 'Renew', day: '2027-02-14', rrule: 'FREQ=YEARLY;INTERVAL=2;BYMONTH=2;BYMONTHDAY=14' },
  ],
  [
    'Water plants every! 3 days',
    { title: 'Water plants', day: '2026-12-03', rrule: 'FREQ=DAILY;INTERVAL=3', mode: 'afterCompletion' },
  ],
  [
    'Water plants every! week',
    { title: 'Water plants', day: '2026-12-03', rrule: 'FREQ=WEEKLY', mode: 'afterCompletion' },
  ],
  [
    'Haircut every! 4 weeks at 10am',
    { title: 'Haircut', at: '2026-12-04T09:00:00Z', rrule: 'FREQ=WEEKLY;INTERVAL=4', mode: 'afterCompletion' },
  ],
  [
    'Standup every weekday at 9:30 until dec 31',
    { title: 'Standup', at: '2026-12-04T08:30:00Z', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261231T225959Z' },
  ],
  [
    'Stretch every day until jan 31',
    { title: 'Stretch', day: '2026-12-03', rrule: 'FREQ=DAILY;UNTIL=20270131T225959Z' },
  ],
  [
    'Stretch every day at 7am until 2027-01-15',
    { title: 'Stretch', at: '2026-12-04T06:00:00Z', rrule: 'FREQ=DAILY;UNTIL=20270115T225959Z' },
  ],
  ['Report every fri at 5pm', { title: 'Report', at: '2026-12-04T16:00:00Z', rrule: 'FREQ=WEEKLY;BYDAY=FR' }],
  ['Report every friday 17:00', { title: 'Report', at: '2026-12-04T16:00:00Z', rrule: 'FREQ=WEEKLY;BYDAY=FR' }],
  ['Every day read', { title: 'read', day: '2026-12-03', rrule: 'FREQ=DAILY' }],
  ['EVERY WEEKDAY standup', { title: 'standup', day: '2026-12-03', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' }],
  ['Sync every 2 weeks next mon', { title: 'Sync', day: '2026-12-07', rrule: 'FREQ=WEEKLY;INTERVAL=2' }],
  ['Sync every week from jan 4', { title: 'Sync from', day: '2027-01-04', rrule: 'FREQ=WEEKLY' }],
  // Tags, priority, project
  ['Buy milk #errand', { title: 'Buy milk', tags: ['errand'] }],
  ['Buy milk #errand #home', { title: 'Buy milk', tags: ['errand', 'home'] }],
  ['Buy milk #errand #errand', { title: 'Buy milk', tags: ['errand'] }],
  ['Buy milk !high', { title: 'Buy milk', priority: 'high' }],
  ['Buy milk !2', { title: 'Buy milk', priority: 'high' }],
  ['Buy milk !4', { title: 'Buy milk', priority: 'low' }],
  ['Buy milk !p1', { title: 'Buy milk', priority: 'urgent' }],
  ['Buy milk !urgent', { title: 'Buy milk', priority: 'urgent' }],
  ['Buy milk !Low', { title: 'Buy milk', priority: 'low' }],
  ['Buy milk @Groceries', { title: 'Buy milk', project: 'Groceries' }],
  [
    'Buy milk @home-stuff tomorrow #errand !3',
    { title: 'Buy milk', project: 'home-stuff', day: '2026-12-04', tags: ['errand'], priority: 'medium' },
  ],
  ['Email bob@example.com about it', { title: 'Email bob@example.com about it' }],
  ['Fix bug #12', { title: 'Fix bug', tags: ['12'] }],
  ['Wow!1 great', { title: 'Wow!1 great' }],
  ['Call Bob !soon # now', { title: 'Call Bob !soon # now' }],
  ['Pay rent #home #money !urgent', { title: 'Pay rent', tags: ['home', 'money'], priority: 'urgent' }],
  // Left as the title
  ['Meet 5 people', { title: 'Meet 5 people' }],
  ['Everyday carry', { title: 'Everyday carry' }],
  ['Mayday drill', { title: 'Mayday drill' }],
  ['Order 2 tables', { title: 'Order 2 tables' }],
  ['Version 2.0 release', { title: 'Version 2.0 release' }],
  ['Call at 25:00', { title: 'Call at 25:00' }],
  ['Party every feb 30', { title: 'Party every feb 30' }],
  ['Offer valid until dec 31', { title: 'Offer valid until dec 31' }],
  ['Sundays are for rest', { title: 'Sundays are for rest' }],
  ['Read Sunday Times', { title: 'Read Times', day: '2026-12-06' }],
  // Undone parts stay text
  ['Read Sunday Times', { title: 'Read Sunday Times', literal: [5] }],
  ['Pay rent every month on the 1st', { title: 'Pay rent every month on the 1st', literal: [9] }],
  // 9am alone: today's is past (11:00), so tomorrow's.
  ['Call mom tomorrow 9am', { title: 'Call mom tomorrow', at: '2026-12-04T08:00:00Z', literal: [9] }],
  // Other zones
  ['Call tomorrow 9am', { title: 'Call', at: '2026-12-04T14:00:00Z', zone: 'America/New_York' }],
  ['Call 5am', { title: 'Call', at: '2026-12-04T10:00:00Z', zone: 'America/New_York' }],
  ['Call today 4pm', { title: 'Call', at: '2026-12-03T10:30:00Z', zone: 'Asia/Kolkata' }],
  [
    'Standup every weekday at 9:30',
    { title: 'Standup', at: '2026-12-04T04:00:00Z', rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', zone: 'Asia/Kolkata' },
  ],
  ['Call tomorrow 9am', { title: 'Call', at: '2026-12-03T20:00:00Z', zone: 'Pacific/Auckland' }],
  ['Gym every fri', { title: 'Gym', day: '2026-12-04', rrule: 'FREQ=WEEKLY;BYDAY=FR', zone: 'Pacific/Auckland' }],
  ['Call 9am', { title: 'Call', at: '2026-12-03T17:00:00Z', zone: 'America/Los_Angeles' }],
  ['Call tomorrow', { title: 'Call', day: '2026-12-04', zone: 'Pacific/Auckland' }],
  ['Call today', { title: 'Call', day: '2026-12-03', zone: 'America/Los_Angeles' }],
];

describe('quick add (issue 20)', () => {
  it('has at least 150 phrases', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150);
  });

  it.each(rows)('%s', (text, expected) => {
    const parsed = parseQuickAdd(text, {
      now,
      timeZone: expected.zone ?? 'Europe/Berlin',
      literal: expected.literal,
    });
    expect({
      title: parsed.title,
      day: parsed.dueAt ? undefined : parsed.dueDate,
      at: parsed.dueAt,
      rrule: parsed.repeat?.rrule,
      mode: parsed.repeat?.mode === 'afterCompletion' ? 'afterCompletion' : undefined,
      tags: parsed.tags.length > 0 ? parsed.tags : undefined,
      priority: parsed.priority,
      project: parsed.project,
    }).toEqual({
      title: expected.title,
      day: expected.day,
      at: expected.at,
      rrule: expected.rrule,
      mode: expected.mode,
      tags: expected.tags,
      priority: expected.priority,
      project: expected.project,
    });
  });

  it('marks each understood part with its offsets, for highlighting and undo', () => {
    const text = 'Pay rent every month on the 1st at 9am #home !1';
    const { parts } = parseQuickAdd(text, { now, timeZone: 'Europe/Berlin' });
    expect(parts.map((p) => [p.kind, p.text, text.slice(p.start, p.end)])).toEqual([
      ['repeat', 'every month on the 1st', 'every month on the 1st'],
      ['time', 'at 9am', 'at 9am'],
      ['tag', '#home', '#home'],
      ['priority', '!1', '!1'],
    ]);
  });

  it('gives the repeat as a series definition whose first occurrence is the due date', () => {
    const { repeat } = parseQuickAdd('Pay rent every month on the 1st at 9am', { now, timeZone: 'Europe/Berlin' });
    expect(repeat).toEqual({
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
      anchor: '2027-01-01T09:00',
      timeZone: 'Europe/Berlin',
      mode: 'fixed',
    });
  });

  it('ends "until dec 31" after the last second of that day in the user\'s zone, so that evening still counts', () => {
    const zone = 'America/Los_Angeles';
    const { repeat } = parseQuickAdd('Standup every weekday at 5pm until dec 31', { now, timeZone: zone });
    expect(repeat?.rrule).toBe('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20270101T075959Z');
    const series = buildSeries(repeat as NonNullable<typeof repeat>);
    const all = occurrencesAfter(series, undefined, 50).map((d) => DateTime.fromJSDate(d, { zone }).toISO());
    expect(all.at(-1)).toBe('2026-12-31T17:00:00.000-08:00');
  });
});
