import { buildSeries, occurrencesAfter, toInstant } from '@taskmesh/recurrence';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { type CalendarTodo, calendarDocument } from './calendar-document';
import { calendarRule } from './calendar-rule';
import { foldLine } from './ics-text';

// The feed is checked by reading it back with an independent iCalendar
// library (Mozilla's ical.js, what Thunderbird uses), not by comparing text.

const base: CalendarTodo = {
  id: '3f1c2b9e-8a7d-4c6b-9e5f-1a2b3c4d5e6f',
  title: 'Pay rent',
  description: null,
  status: 'todo',
  priority: 'urgent',
  tags: ['home'],
  due: new Date('2027-01-01T08:00:00Z'),
  allDay: false,
  timeZone: 'Europe/Berlin',
  completedAt: null,
  createdAt: new Date('2026-12-01T10:00:00Z'),
  updatedAt: new Date('2026-12-02T10:00:00Z'),
  version: 3,
  rrule: null,
  alarms: [],
};

/** Parses a feed and registers its VTIMEZONEs, as a calendar app does. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return { calendar, todos: calendar.getAllSubcomponents('vtodo') };
}
afterEach(() => ICAL.TimezoneService.reset());

const dueOf = (todo: ICAL.Component) => (todo.getFirstPropertyValue('due') as ICAL.Time).toJSDate();

describe('calendar feed document (RFC 5545)', () => {
  it('writes a task as a VTODO that ical.js reads back field by field', () => {
    const text = calendarDocument('Taskmesh', [
      {
        ...base,
        description: 'Transfer; then note it, with the ref\nsecond line',
        alarms: [new Date('2026-12-31T20:00:00Z')],
        url: 'https://taskmesh.example/tasks/x',
      },
    ]);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const { calendar, todos } = parse(text);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Taskmesh');
    expect(todos).toHaveLength(1);
    const [todo] = todos as [ICAL.Component];
    expect(todo.getFirstPropertyValue('uid')).toBe(`${base.id}@taskmesh`);
    expect(todo.getFirstPropertyValue('summary')).toBe('Pay rent');
    expect(todo.getFirstPropertyValue('description')).toBe('Transfer; then note it, with the ref\nsecond line');
    expect(todo.getFirstPropertyValue('status')).toBe('NEEDS-ACTION');
    expect(todo.getFirstPropertyValue('priority')).toBe(1);
    expect(todo.getFirstProperty('categories')?.getValues()).toEqual(['home']);
    expect(todo.getFirstProperty('due')?.getParameter('tzid')).toBe('Europe/Berlin');
    expect(dueOf(todo).toISOString()).toBe('2027-01-01T08:00:00.000Z');
    expect(todo.getFirstPropertyValue('sequence')).toBe(2);
    const [alarm] = todo.getAllSubcomponents('valarm') as [ICAL.Component];
    expect((alarm.getFirstPropertyValue('trigger') as ICAL.Time).toJSDate().toISOString()).toBe(
      '2026-12-31T20:00:00.000Z',
    );
    expect(todo.getFirstPropertyValue('url')).toBe('https://taskmesh.example/tasks/x');
  });

  it.each([
    ['Europe/Berlin', '2027-07-01T09:00'],
    ['Europe/Berlin', '2027-12-01T09:00'],
    ['America/New_York', '2027-03-14T03:30'],
    ['America/New_York', '2027-11-07T01:30'],
    ['Australia/Lord_Howe', '2027-01-15T09:00'],
    ['Asia/Kathmandu', '2027-06-01T18:45'],
    ['Pacific/Chatham', '2027-04-04T02:30'],
    ['UTC', '2027-02-28T23:59'],
  ])('gives %s a VTIMEZONE that puts %s at the instant Taskmesh means', (zone, local) => {
    const due = DateTime.fromISO(local, { zone }).toJSDate();
    const { todos } = parse(calendarDocument('Zones', [{ ...base, timeZone: zone, due }]));
    expect(dueOf(todos[0] as ICAL.Component).toISOString()).toBe(due.toISOString());
  });

  it('writes an all-day task as a DATE in its zone, with no VTIMEZONE needed', () => {
    const due = DateTime.fromISO('2027-01-31', { zone: 'Pacific/Auckland' }).toJSDate();
    const text = calendarDocument('Days', [{ ...base, due, allDay: true, timeZone: 'Pacific/Auckland' }]);
    expect(text).not.toContain('BEGIN:VTIMEZONE');
    const { todos } = parse(text);
    const value = (todos[0] as ICAL.Component).getFirstPropertyValue('due') as ICAL.Time;
    expect(value.isDate).toBe(true);
    expect(value.toString()).toBe('2027-01-31');
  });

  it.each([
    ['every month on the 31st (the last day in shorter months)', 'FREQ=MONTHLY;BYMONTHDAY=31', '2027-01-31T09:00'],
    ['every 2 weeks on Tuesday and Friday', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,FR', '2027-02-23T08:15'],
    ['every last Friday', 'FREQ=MONTHLY;BYDAY=-1FR', '2027-01-29T17:00'],
    ['every weekday, 12 times', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=12', '2027-03-08T09:00'],
    ['yearly on Feb 29 (Feb 28 otherwise)', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', '2027-02-28T07:00'],
  ])('repeats %s: ical.js expands the RRULE to the dates Taskmesh schedules', (_name, rrule, anchor) => {
    const zone = 'America/New_York';
    const series = buildSeries({ rrule, timeZone: zone, anchor, mode: 'fixed' });
    const due = toInstant(series.first, zone);
    const rule = calendarRule(series, due, false);
    const todo = parse(calendarDocument('Repeats', [{ ...base, due, timeZone: zone, rrule: rule }]))
      .todos[0] as ICAL.Component;
    const iterator = new ICAL.RecurExpansion({
      component: todo,
      dtstart: todo.getFirstPropertyValue('dtstart') as ICAL.Time,
    });
    const theirs: string[] = [];
    for (let next = iterator.next(); next && theirs.length < 12; next = iterator.next())
      theirs.push(next.toJSDate().toISOString());
    const ours = [due, ...occurrencesAfter(series, due, 11)].map((d) => d.toISOString());
    expect(theirs).toEqual(ours);
  });

  it('leaves RRULE out for an after-completion series, whose next date depends on when it is done', () => {
    const series = buildSeries({
      rrule: 'FREQ=DAILY;INTERVAL=3',
      timeZone: 'UTC',
      anchor: '2027-01-01T09:00',
      mode: 'afterCompletion',
    });
    expect(calendarRule(series, new Date('2027-01-01T09:00:00Z'), false)).toBeNull();
  });

  it('writes UNTIL as a DATE for an all-day series', () => {
    const series = buildSeries({
      rrule: 'FREQ=DAILY;UNTIL=20270110T225959Z',
      timeZone: 'Europe/Berlin',
      anchor: '2027-01-01T00:00',
      mode: 'fixed',
    });
    expect(calendarRule(series, toInstant(series.first, 'Europe/Berlin'), true)).toBe('FREQ=DAILY;UNTIL=20270110');
  });

  it('marks a completed task COMPLETED with its completion time', () => {
    const completedAt = new Date('2026-12-02T12:00:00Z');
    const todo = parse(calendarDocument('Done', [{ ...base, status: 'done', completedAt }])).todos[0] as ICAL.Component;
    expect(todo.getFirstPropertyValue('status')).toBe('COMPLETED');
    expect((todo.getFirstPropertyValue('completed') as ICAL.Time).toJSDate().toISOString()).toBe(
      completedAt.toISOString(),
    );
  });
});

describe('line folding', () => {
  it('folds at 75 octets between characters, never inside one', () => {
    const line = `SUMMARY:${'日本語のタスク🙂'.repeat(10)}`;
    const folded = foldLine(line);
    const pieces = folded.split('\r\n');
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((piece) => Buffer.byteLength(piece) <= 75)).toBe(true);
    expect(pieces.map((piece, i) => (i === 0 ? piece : piece.slice(1))).join('')).toBe(line);
  });
});
