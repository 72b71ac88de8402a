import { createTask, signUp } from '@taskmesh/testing';

// Issue 15: a preview or a rule anchored centuries back, or one that rarely or
// never matches, stalled tasks-api for seconds per request. Through the
// stack, such rules are refused with a 400 naming the field, and legal rules
// anchored far back answer with the right dates.

const HOUR = 3_600_000;

/** The next `count` instants after now at 09:00 UTC on days `matches` picks, counted day by day (the oracle). */
function nextDays(count: number, matches: (day: Date) => boolean): string[] {
  const result: string[] = [];
  const now = Date.now();
  const day = new Date(now - (now % (24 * HOUR)) + 9 * HOUR);
  while (result.length < count) {
    if (day.getTime() > now && matches(day)) result.push(day.toISOString());
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return result;
}
const lastOfMonth = (day: Date) => new Date(day.getTime() + 24 * HOUR).getUTCDate() === 1;

describe('rules whose evaluation is bounded', () => {
  it.each([
    [{ rrule: 'FREQ=DAILY', anchor: '1000-01-01T09:00' }, 'anchor'],
    [{ rrule: 'FREQ=DAILY', anchor: '9999-01-01T09:00' }, 'anchor'],
    [{ preset: { kind: 'daily' }, anchor: '1899-12-31T09:00' }, 'anchor'],
    [{ rrule: 'FREQ=SECONDLY;COUNT=1000000', anchor: '2026-01-01T09:00' }, 'rrule'],
    [{ rrule: 'FREQ=MINUTELY;INTERVAL=1', anchor: '2026-01-01T09:00' }, 'rrule'],
    [{ rrule: 'FREQ=DAILY;COUNT=5000', anchor: '2026-01-01T09:00' }, 'rrule'],
    [{ rrule: 'FREQ=DAILY;INTERVAL=100000', anchor: '2026-01-01T09:00' }, 'rrule'],
    [{ rrule: 'FREQ=DAILY;UNTIL=99991231T000000Z', anchor: '2026-01-01T09:00' }, 'rrule'],
    [{ rrule: 'FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2', anchor: '2026-01-01T09:00' }, 'rrule'],
    // A Monday every 7 days from a Tuesday: never.
    [{ rrule: 'FREQ=DAILY;INTERVAL=7;BYDAY=MO', anchor: '2026-01-06T09:00' }, 'rrule'],
    // February 29th on a Thursday, day by day: 26 years to the next one.
    [{ rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=TH', anchor: '2026-01-06T09:00' }, 'rrule'],
    // Mondays that are a 31st: 50 of them take more steps than a request may spend.
    [{ rrule: 'FREQ=DAILY;BYMONTHDAY=31;BYDAY=MO', anchor: '2026-01-06T09:00', count: 50 }, 'rrule'],
  ])('the preview refuses %j, naming %s', async (rule, field) => {
    const user = await signUp();
    const response = await user.api.post('recurrence/preview', { timeZone: 'UTC', ...rule });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(response.body.errors[0].field).toBe(field);
  });

  it.each([
    ['FREQ=DAILY', '1900-01-01T09:00', 50, () => true],
    ['FREQ=MONTHLY;BYMONTHDAY=31', '1900-01-31T09:00', 12, lastOfMonth],
  ])('previews %s anchored at %s with the right %i dates', async (rrule, anchor, count, matches) => {
    const user = await signUp();
    const preview = await user.api.post('recurrence/preview', { rrule, timeZone: 'UTC', anchor, count });
    expect(preview.status).toBe(200);
    expect(preview.body.occurrences).toEqual(nextDays(count, matches));
  });

  it('PUT /tasks/:id/recurrence refuses adversarial rules naming the field and leaves the task as it was', async () => {
    const user = await signUp();
    const task = await createTask(user, { title: 'Bounded' });
    const refused: Array<[Record<string, unknown>, string]> = [
      [{ rrule: 'FREQ=DAILY', anchor: '1000-01-01T09:00' }, 'anchor'],
      [{ preset: { kind: 'weekly', days: ['MO'] }, anchor: '2200-01-01T09:00' }, 'anchor'],
      [{ rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=TH', anchor: '2026-01-06T09:00' }, 'rrule'],
      [{ rrule: 'FREQ=SECONDLY;COUNT=1000000', anchor: '2026-01-06T09:00' }, 'rrule'],
    ];
    for (const [rule, field] of refused) {
      const response = await user.api.put(`tasks/${task.id}/recurrence`, { timeZone: 'UTC', ...rule });
      expect([JSON.stringify(rule), response.status, response.body.errors?.[0]?.field]).toEqual([
        JSON.stringify(rule),
        400,
        field,
      ]);
    }
    const unchanged = await user.api.get(`tasks/${task.id}`);
    expect(unchanged.body).toMatchObject({ version: task.version, seriesId: null, dueAt: null });
  });

  it('PUT /tasks/:id/recurrence takes a legal rule anchored in 1900, and GET shows the next dates from now', async () => {
    const user = await signUp();
    const task = await createTask(user, { title: 'Every Monday since 1900' });
    const set = await user.api.put(`tasks/${task.id}/recurrence`, {
      rrule: 'FREQ=WEEKLY;BYDAY=MO',
      timeZone: 'UTC',
      anchor: '1900-01-01T09:00',
    });
    expect(set.status).toBe(200);
    expect(set.body.task.dueAt).toBe('1900-01-01T09:00:00.000Z');
    const shown = await user.api.get(`tasks/${task.id}/recurrence`);
    expect(shown.status).toBe(200);
    expect(shown.body.occurrences).toEqual(nextDays(5, (day) => day.getUTCDay() === 1));
  });
});
