import { relativeInstant, scheduleFor, shiftAbsolute, taskTiming } from './reminder-timing';

const open = { status: 'todo' as const, deletedAt: null, zone: 'Europe/Berlin', allDay: false, allDayTime: '09:00' };
const relative = (offset: string, direction: 'before' | 'after') => ({
  at: null,
  offset,
  direction,
  snoozedUntil: null,
});
const now = new Date('2026-03-01T00:00:00Z');

describe('relative reminders count nominal days in the task zone', () => {
  it('P1D before 09:00 on the day after spring-forward is 09:00 the day before (23 hours)', () => {
    // Europe/Berlin moves to CEST on 2026-03-29 02:00.
    const due = new Date('2026-03-30T07:00:00Z'); // 09:00 CEST
    expect(relativeInstant(due, 'Europe/Berlin', 'P1D', 'before').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(relativeInstant(due, 'Europe/Berlin', 'PT24H', 'before').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    const dueAfterChange = new Date('2026-03-29T07:00:00Z'); // 09:00 CEST on the change day
    expect(relativeInstant(dueAfterChange, 'Europe/Berlin', 'P1D', 'before').toISOString()).toBe(
      '2026-03-28T08:00:00.000Z', // 09:00 CET: 23 hours earlier
    );
    expect(relativeInstant(dueAfterChange, 'Europe/Berlin', 'PT24H', 'before').toISOString()).toBe(
      '2026-03-28T07:00:00.000Z', // exactly 24 hours: 08:00 local
    );
  });

  it('P1D after a due date before fall-back is 25 hours later', () => {
    const due = new Date('2026-10-24T07:00:00Z'); // 09:00 CEST, the day before fall-back
    expect(relativeInstant(due, 'Europe/Berlin', 'P1D', 'after').toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('minutes and weeks', () => {
    const due = new Date('2026-06-10T12:00:00Z');
    expect(relativeInstant(due, 'UTC', 'PT15M', 'before').toISOString()).toBe('2026-06-10T11:45:00.000Z');
    expect(relativeInstant(due, 'UTC', 'P1W', 'before').toISOString()).toBe('2026-06-03T12:00:00.000Z');
  });
});

describe('scheduleFor', () => {
  const dueAt = new Date('2026-03-02T09:00:00Z');

  it('fires a relative reminder before the due date', () => {
    expect(scheduleFor(relative('PT1H', 'before'), { ...open, dueAt }, now)).toEqual({
      fireAt: new Date('2026-03-02T08:00:00Z'),
    });
  });

  it('cancels for a done or deleted task, and a relative reminder without due date', () => {
    expect(scheduleFor(relative('PT1H', 'before'), { ...open, status: 'done', dueAt }, now)).toEqual({
      cancelled: 'task-completed',
    });
    expect(scheduleFor(relative('PT1H', 'before'), { ...open, deletedAt: now, dueAt }, now)).toEqual({
      cancelled: 'task-deleted',
    });
    expect(scheduleFor(relative('PT1H', 'before'), { ...open, dueAt: null }, now)).toEqual({
      cancelled: 'no-due-date',
    });
  });

  it('does not fire what is more than a minute in the past, but fires within it', () => {
    const past = { at: new Date(now.getTime() - 61_000), offset: null, direction: null, snoozedUntil: null };
    expect(scheduleFor(past, { ...open, dueAt: null }, now)).toEqual({ cancelled: 'in-the-past' });
    const justNow = { ...past, at: new Date(now.getTime() - 30_000) };
    expect(scheduleFor(justNow, { ...open, dueAt: null }, now)).toEqual({ fireAt: justNow.at });
  });

  it('a snooze wins over the computed time', () => {
    const snoozedUntil = new Date('2026-03-01T00:10:00Z');
    expect(scheduleFor({ ...relative('PT1H', 'before'), snoozedUntil }, { ...open, dueAt }, now)).toEqual({
      fireAt: snoozedUntil,
    });
  });
});

describe('shiftAbsolute', () => {
  it('keeps the wall-clock distance to the due date across a DST change', () => {
    // 08:30 CET on a task due 09:00 CET (March 28) -> 08:30 CEST on March 29.
    const shifted = shiftAbsolute(
      new Date('2026-03-28T07:30:00Z'),
      new Date('2026-03-28T08:00:00Z'),
      new Date('2026-03-29T07:00:00Z'),
      'Europe/Berlin',
    );
    expect(shifted.toISOString()).toBe('2026-03-29T06:30:00.000Z');
  });

  it('a reminder the evening before stays the evening before', () => {
    const shifted = shiftAbsolute(
      new Date('2026-01-30T18:00:00Z'),
      new Date('2026-01-31T09:00:00Z'),
      new Date('2026-02-28T09:00:00Z'),
      'UTC',
    );
    expect(shifted.toISOString()).toBe('2026-02-27T18:00:00.000Z');
  });
});

describe('a firing that has passed', () => {
  it('is kept when it is the one already scheduled (it fired), refused when new', () => {
    const at = new Date(now.getTime() - 3_600_000);
    const reminder = { at, offset: null, direction: null, snoozedUntil: null };
    expect(scheduleFor(reminder, { ...open, dueAt: null }, now, at)).toEqual({ fireAt: at });
    expect(scheduleFor(reminder, { ...open, dueAt: null }, now, null)).toEqual({ cancelled: 'in-the-past' });
  });
});

describe('a firing after year 9999 (issue 15)', () => {
  it('never fires: nothing can store it', () => {
    const dueAt = new Date('9999-12-31T00:00:00Z');
    expect(scheduleFor(relative('P1D', 'after'), { ...open, dueAt }, now)).toEqual({ cancelled: 'out-of-range' });
    expect(scheduleFor(relative('PT1H', 'after'), { ...open, dueAt }, now)).toEqual({
      fireAt: new Date('9999-12-31T01:00:00Z'),
    });
  });
});

describe("relative reminders of an all-day task count from the owner's all-day time (issue 20)", () => {
  // 2026-12-10 00:00 in Europe/Berlin (CET).
  const dueAt = new Date('2026-12-09T23:00:00Z');
  const allDay = (allDayReminderTime: string, zone = 'Europe/Berlin') =>
    taskTiming(
      { status: 'todo', deletedAt: null, dueAt, timeZone: zone, allDay: true },
      { timeZone: 'UTC', allDayReminderTime },
    );

  it("P1D before a task due 2026-12-10 fires at the owner's 08:30 on 2026-12-09, Berlin time", () => {
    expect(scheduleFor(relative('P1D', 'before'), allDay('08:30'), now)).toEqual({
      fireAt: new Date('2026-12-09T07:30:00Z'),
    });
  });

  it('at the due date (PT0S) is that time on the day itself; each owner has their own time', () => {
    expect(scheduleFor(relative('PT0S', 'before'), allDay('09:00'), now)).toEqual({
      fireAt: new Date('2026-12-10T08:00:00Z'),
    });
    expect(scheduleFor(relative('PT0S', 'after'), allDay('18:45'), now)).toEqual({
      fireAt: new Date('2026-12-10T17:45:00Z'),
    });
  });

  it('hours count from that time too: PT2H before 09:00 is 07:00', () => {
    expect(scheduleFor(relative('PT2H', 'before'), allDay('09:00'), now)).toEqual({
      fireAt: new Date('2026-12-10T06:00:00Z'),
    });
  });

  it('a timed task at 00:00 ignores the all-day time', () => {
    const timed = { ...allDay('08:30'), allDay: false };
    expect(scheduleFor(relative('P1D', 'before'), timed, now)).toEqual({ fireAt: new Date('2026-12-08T23:00:00Z') });
  });

  it('counts calendar days across DST: P1D before 2026-03-09 in New York at 08:30 is 08:30 EDT on 03-08', () => {
    // America/New_York springs forward at 02:00 on 2026-03-08: the day is 23 hours long, the reminder stays at 08:30.
    const timing = taskTiming(
      {
        status: 'todo',
        deletedAt: null,
        dueAt: new Date('2026-03-09T04:00:00Z'),
        timeZone: 'America/New_York',
        allDay: true,
      },
      { timeZone: 'UTC', allDayReminderTime: '08:30' },
    );
    expect(scheduleFor(relative('P1D', 'before'), timing, now)).toEqual({ fireAt: new Date('2026-03-08T12:30:00Z') });
  });

  it("uses the owner's zone only when the task has none", () => {
    const timing = taskTiming(
      { status: 'todo', deletedAt: null, dueAt, timeZone: null, allDay: false },
      { timeZone: 'Asia/Tokyo', allDayReminderTime: '09:00' },
    );
    expect(timing.zone).toBe('Asia/Tokyo');
  });
});
