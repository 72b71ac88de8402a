import { changedFields, readReminderForm, readRuleChoice, readTaskForm, type TaskFields } from './task-form';

const form = (entries: Array<[string, string]>) => {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
};

const original: TaskFields = {
  title: 'Pay rent',
  description: null,
  priority: 'high',
  status: 'todo',
  tags: ['home'],
  dueAt: '2026-12-01T08:00:00.000Z',
  timeZone: null,
};

describe('the task editor form', () => {
  it('reads the due date in the task zone and sends only what changed', () => {
    const { fields, errors } = readTaskForm(
      form([
        ['title', 'Pay rent'],
        ['description', ''],
        ['priority', 'urgent'],
        ['status', 'todo'],
        ['tags', 'home, money'],
        ['dueAt', '2026-12-01T09:00'],
        ['timeZone', ''],
      ]),
      'Europe/Berlin',
    );
    expect(errors).toEqual({});
    expect(fields.dueAt).toBe('2026-12-01T09:00:00+01:00');
    // Same instant as before (08:00Z), so the due date is not part of the change.
    expect(changedFields(original, fields)).toEqual({ priority: 'urgent', tags: ['home', 'money'] });
  });

  it('makes a task all-day with the day alone, timed again with a time, and clears either', () => {
    const allDay = readTaskForm(
      form([
        ['title', 'Pay rent'],
        ['dueAt', '2026-12-04T09:00'],
        ['allDay', 'on'],
      ]),
      'Europe/Berlin',
    );
    expect(allDay.fields).toMatchObject({ dueAt: null, dueDate: '2026-12-04' });
    expect(changedFields({ ...original, priority: 'medium' }, allDay.fields)).toMatchObject({ dueDate: '2026-12-04' });
    expect(changedFields({ ...original, priority: 'medium' }, allDay.fields)).not.toHaveProperty('dueAt');
    const wasAllDay = { ...original, dueAt: null, dueDate: '2026-12-04' };
    expect(changedFields(wasAllDay, { ...wasAllDay })).toEqual({});
    const timed = readTaskForm(form([['dueAt', '2026-12-04T09:00']]), 'Europe/Berlin').fields;
    expect(changedFields(wasAllDay, { ...wasAllDay, dueAt: timed.dueAt, dueDate: null })).toEqual({
      dueAt: '2026-12-04T09:00:00+01:00',
    });
    expect(changedFields(wasAllDay, { ...wasAllDay, dueDate: null })).toEqual({ dueAt: null });
    expect(
      readTaskForm(
        form([
          ['dueAt', 'soon'],
          ['allDay', 'on'],
        ]),
        'UTC',
      ).errors,
    ).toEqual({ dueAt: expect.any(String) });
  });

  it('names dueAt when the due text is not a date-time', () => {
    expect(readTaskForm(form([['dueAt', 'soon']]), 'UTC').errors).toEqual({ dueAt: expect.any(String) });
  });
});

describe('the recurrence form', () => {
  it('turns presets and custom rules into tasks-api rule choices', () => {
    expect(
      readRuleChoice(
        form([
          ['kind', 'weekly'],
          ['days', 'MO'],
          ['days', 'TH'],
          ['days', 'XX'],
        ]),
      ),
    ).toEqual({
      preset: { kind: 'weekly', days: ['MO', 'TH'] },
    });
    expect(
      readRuleChoice(
        form([
          ['kind', 'monthlyOnWeekday'],
          ['nth', '-1'],
          ['weekday', 'FR'],
        ]),
      ),
    ).toEqual({
      preset: { kind: 'monthlyOnWeekday', nth: -1, day: 'FR' },
    });
    expect(
      readRuleChoice(
        form([
          ['kind', 'custom'],
          ['rrule', 'RRULE:FREQ=MONTHLY;BYMONTHDAY=31'],
        ]),
      ),
    ).toEqual({
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=31',
    });
  });
});

describe('the reminder form', () => {
  it('makes relative and absolute reminders with channels', () => {
    expect(
      readReminderForm(
        form([
          ['when', 'beforeDue'],
          ['amount', '15'],
          ['unit', 'minutes'],
          ['channels', 'in_app'],
        ]),
        'UTC',
      ).body,
    ).toEqual({ beforeDue: 'PT15M', channels: ['in_app'] });
    expect(
      readReminderForm(
        form([
          ['when', 'at'],
          ['at', '2026-12-24T18:00'],
        ]),
        'Europe/Berlin',
      ).body,
    ).toEqual({
      at: '2026-12-24T18:00:00+01:00',
    });
    expect(
      readReminderForm(
        form([
          ['when', 'at'],
          ['at', ''],
        ]),
        'UTC',
      ).errors,
    ).toEqual({ at: expect.any(String) });
  });
});
