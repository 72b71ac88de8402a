import { relativeInstant, scheduleFor, shiftAbsolute } from './reminder-timing';

const open = { status: 'todo' as const, deletedAt: null, zone: 'Europe/Berlin' };
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
