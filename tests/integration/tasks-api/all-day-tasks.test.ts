import { createTask, signUp, type TestUser, testDatabase, waitFor } from '@taskmesh/testing';
import { DateTime } from 'luxon';

// All-day tasks against the running stack (issue 20, docs/decisions/012): a due
// day instead of a time, overdue once that day is over in the task's zone,
// recurring by whole days, reminded at each member's own time of that day.
const db = testDatabase();
afterAll(() => db.$disconnect());

/** A day relative to today in a zone, as YYYY-MM-DD (never hard-coded: the test runs on any date). */
const dayIn = (zone: string, days = 0) => DateTime.now().setZone(zone).plus({ days }).toISODate() as string;
/** 00:00 of a day in a zone, as the API writes instants. */
const midnight = (date: string, zone: string) => DateTime.fromISO(date, { zone }).toUTC().toISO() as string;
const ids = (body: { items: Array<{ id: string }> }) => body.items.map((t) => t.id);

async function expectProblem(result: { status: number; body: any; headers: Headers }, field: string) {
  expect({ status: result.status, type: result.headers.get('content-type') }).toEqual({
    status: 400,
    type: expect.stringContaining('application/problem+json'),
  });
  expect(result.body.errors.map((e: { field: string }) => e.field)).toContain(field);
}

describe('all-day tasks', () => {
  it('creates one from dueDate: allDay, the day echoed, dueAt 00:00 in the zone (the user’s by default)', async () => {
    const user = await signUp({ timeZone: 'Europe/Berlin' });
    const task = await createTask(user, { dueDate: '2026-12-10' });
    expect(task).toMatchObject({
      allDay: true,
      dueDate: '2026-12-10',
      timeZone: 'Europe/Berlin',
      dueAt: '2026-12-09T23:00:00.000Z',
    });
    const inNewYork = await createTask(user, { dueDate: '2026-12-10', timeZone: 'America/New_York' });
    expect(inNewYork).toMatchObject({ allDay: true, dueDate: '2026-12-10', dueAt: '2026-12-10T05:00:00.000Z' });
    expect((await user.api.get(`tasks/${task.id}`)).body).toMatchObject({ allDay: true, dueDate: '2026-12-10' });
    // Events carry it too (task-events on Kafka, through the outbox).
    const created = await db.outboxEvent.findFirstOrThrow({
      where: { partitionKey: task.id, eventType: 'task.created' },
    });
    expect((created.payload as { data: { after: unknown } }).data.after).toMatchObject({
      allDay: true,
      dueDate: '2026-12-10',
    });
    // A timed task says so.
    const timed = await createTask(user, { dueAt: '2026-12-10T09:00:00+01:00' });
    expect(timed).toMatchObject({ allDay: false, dueDate: null });
  });

  it('refuses a date that is not a day of the calendar, and dueAt with dueDate, naming dueDate', async () => {
    const user = await signUp();
    for (const dueDate of ['2026-02-30', '2026-13-01', '2026-2-3', '10.12.2026', '2026-12-10T00:00'])
      await expectProblem(await user.api.post('tasks', { title: 'x', dueDate }), 'dueDate');
    await expectProblem(
      await user.api.post('tasks', { title: 'x', dueDate: '2026-12-10', dueAt: '2026-12-10T09:00:00Z' }),
      'dueDate',
    );
    const task = await createTask(user);
    await expectProblem(await user.api.patch(`tasks/${task.id}`, { dueDate: '2027-02-29' }), 'dueDate');
    await expectProblem(
      await user.api.patch(`tasks/${task.id}`, { dueDate: '2026-12-10', dueAt: '2026-12-10T09:00:00Z' }),
      'dueDate',
    );
    const allDay = await createTask(user, { dueDate: '2026-12-10', timeZone: 'UTC' });
    await expectProblem(await user.api.patch(`tasks/${allDay.id}`, { timeZone: null }), 'timeZone');
  });

  it('PATCH moves between timed and all-day, keeps the day when only the zone changes, and clears', async () => {
    const user = await signUp({ timeZone: 'Europe/Berlin' });
    const task = await createTask(user, { dueDate: '2026-12-10' });
    const timed = await user.api.patch(`tasks/${task.id}`, { dueAt: '2026-12-10T15:00:00+01:00' });
    expect(timed.body).toMatchObject({ allDay: false, dueDate: null, dueAt: '2026-12-10T14:00:00.000Z' });
    const back = await user.api.patch(`tasks/${task.id}`, { dueDate: '2026-12-11' });
    expect(back.body).toMatchObject({ allDay: true, dueDate: '2026-12-11', dueAt: '2026-12-10T23:00:00.000Z' });
    const moved = await user.api.patch(`tasks/${task.id}`, { timeZone: 'America/Los_Angeles' });
    expect(moved.body).toMatchObject({
      allDay: true,
      dueDate: '2026-12-11',
      timeZone: 'America/Los_Angeles',
      dueAt: '2026-12-11T08:00:00.000Z',
    });
    const cleared = await user.api.patch(`tasks/${task.id}`, { dueDate: null });
    expect(cleared.body).toMatchObject({ allDay: false, dueDate: null, dueAt: null });
  });

  it('is overdue only once its day is over in its zone; due today is not overdue all day', async () => {
    // UTC+14: today's 00:00 there is long past, so "due_at < now" alone would call it overdue.
    const zone = 'Pacific/Kiritimati';
    const user = await signUp({ timeZone: zone });
    const yesterday = await createTask(user, { title: 'yesterday', dueDate: dayIn(zone, -1) });
    const today = await createTask(user, { title: 'today', dueDate: dayIn(zone) });
    const tomorrow = await createTask(user, { title: 'tomorrow', dueDate: dayIn(zone, 1) });
    const yesterdayNoon = DateTime.fromISO(`${dayIn(zone, -1)}T12:00`, { zone })
      .toUTC()
      .toISO();
    const timedPast = await createTask(user, { title: 'yesterday 12:00', dueAt: yesterdayNoon });
    const doneYesterday = await createTask(user, { title: 'done', dueDate: dayIn(zone, -1), status: 'done' });
    expect(today).toMatchObject({ allDay: true, dueAt: midnight(dayIn(zone), zone) });

    const sorted = (list: string[]) => [...list].sort();
    expect(sorted(ids((await user.api.get('tasks?overdue=true')).body))).toEqual(sorted([yesterday.id, timedPast.id]));
    expect(sorted(ids((await user.api.get('tasks?overdue=false')).body))).toEqual(
      sorted([today.id, tomorrow.id, doneYesterday.id]),
    );
    // Sorting by due: an all-day task at 00:00 of its day comes before that day's timed tasks.
    const tomorrowNine = DateTime.fromISO(`${dayIn(zone, 1)}T09:00`, { zone })
      .toUTC()
      .toISO();
    const timedTomorrow = await createTask(user, { title: 'tomorrow 09:00', dueAt: tomorrowNine });
    const byDue = ids((await user.api.get('tasks?sort=due&status=todo')).body);
    expect(byDue).toEqual([yesterday.id, timedPast.id, today.id, tomorrow.id, timedTomorrow.id]);
  });
});

/** The second Sunday of March of next year: the day New York springs forward (02:00 to 03:00). */
function nextSpringForward(): string {
  const march = DateTime.fromObject({ year: DateTime.now().year + 1, month: 3, day: 1 }, { zone: 'UTC' });
  const firstSunday = march.plus({ days: (7 - march.weekday) % 7 });
  return firstSunday.plus({ days: 7 }).toISODate() as string;
}

async function nextOccurrence(user: TestUser, seriesId: string, index: number) {
  const row = await waitFor(
    `occurrence ${index}`,
    async () => (await db.task.findFirst({ where: { seriesId, occurrenceIndex: index } })) ?? undefined,
  );
  return (await user.api.get(`tasks/${row.id}`)).body;
}

describe('recurring all-day tasks', () => {
  it('keep whole days in the zone across the DST change, occurrence after occurrence', async () => {
    const zone = 'America/New_York';
    const user = await signUp({ timeZone: zone });
    const change = DateTime.fromISO(nextSpringForward(), { zone });
    const saturday = change.minus({ days: 1 }).toISODate() as string;
    const task = await createTask(user, { title: 'Stretch', dueDate: saturday });
    // An anchor with a time is read as its day: the series of an all-day task starts at 00:00.
    const set = await user.api.put(`tasks/${task.id}/recurrence`, {
      preset: { kind: 'daily' },
      anchor: `${saturday}T09:00`,
    });
    expect(set.status).toBe(200);
    const rule = (await user.api.get(`tasks/${task.id}/recurrence`)).body;
    expect(rule).toMatchObject({ anchor: `${saturday}T00:00`, timeZone: zone });
    // The next dates it shows are whole days too: 00:00 on Saturday, Sunday (EST), Monday (EDT), ...
    expect(rule.occurrences.slice(0, 3)).toEqual(
      [0, 1, 2].map((days) => midnight(change.plus({ days: days - 1 }).toISODate() as string, zone)),
    );
    expect(set.body.task).toMatchObject({ allDay: true, dueDate: saturday, dueAt: midnight(saturday, zone) });
    const seriesId = set.body.task.seriesId as string;

    expect((await user.api.post(`tasks/${task.id}/complete`)).status).toBe(200);
    const sunday = await nextOccurrence(user, seriesId, 1);
    const sundayDate = change.toISODate() as string;
    expect(sunday).toMatchObject({ allDay: true, dueDate: sundayDate, dueAt: midnight(sundayDate, zone) });
    expect((await user.api.post(`tasks/${sunday.id}/complete`)).status).toBe(200);
    const monday = await nextOccurrence(user, seriesId, 2);
    const mondayDate = change.plus({ days: 1 }).toISODate() as string;
    expect(monday).toMatchObject({ allDay: true, dueDate: mondayDate, dueAt: midnight(mondayDate, zone) });
    // EST (UTC-5) on Sunday at 00:00, EDT (UTC-4) on Monday: 23 hours apart, one day each.
    expect(new Date(monday.dueAt).getTime() - new Date(sunday.dueAt).getTime()).toBe(23 * 3_600_000);
    // Skipping keeps it whole too.
    const skipped = await user.api.post(`tasks/${monday.id}/recurrence/skip`);
    const tuesday = change.plus({ days: 2 }).toISODate() as string;
    expect(skipped.body).toMatchObject({ allDay: true, dueDate: tuesday, dueAt: midnight(tuesday, zone) });
  });
});

describe('reminders of all-day tasks', () => {
  const reminderViews = async (user: TestUser, taskId: string) =>
    (await user.api.get(`tasks/${taskId}/reminders`)).body.items as Array<{ id: string; fireAt: string | null }>;

  it('count from the owner’s allDayReminderTime, and move when it changes', async () => {
    const zone = 'Europe/Berlin';
    const user = await signUp({ timeZone: zone });
    const me = await user.api.patch('auth/me', { allDayReminderTime: '08:30' });
    expect(me.status).toBe(200);
    expect(me.body.allDayReminderTime).toBe('08:30');
    const due = dayIn(zone, 10);
    const dayBefore = dayIn(zone, 9);
    const task = await createTask(user, { dueDate: due, reminders: [{ beforeDue: 'P1D' }] });
    const [reminder] = await reminderViews(user, task.id);
    expect(reminder?.fireAt).toBe(DateTime.fromISO(`${dayBefore}T08:30`, { zone }).toUTC().toISO());
    // reminder-agent holds it as all-day, so its message names the day, not 00:00.
    const scheduled = await waitFor(
      'reminder-agent’s schedule',
      async () =>
        (await db.scheduledReminder.findUnique({ where: { reminderId: reminder?.id as string } })) ?? undefined,
    );
    expect(scheduled).toMatchObject({ taskAllDay: true, fireAt: new Date(reminder?.fireAt as string) });

    expect((await user.api.patch('auth/me', { allDayReminderTime: '18:15' })).status).toBe(200);
    const [moved] = await reminderViews(user, task.id);
    const movedAt = DateTime.fromISO(`${dayBefore}T18:15`, { zone }).toUTC().toISO() as string;
    expect(moved?.fireAt).toBe(movedAt);
    await waitFor('reminder-agent’s schedule moved', async () => {
      const row = await db.scheduledReminder.findUnique({ where: { reminderId: reminder?.id as string } });
      return row?.fireAt?.toISOString() === movedAt ? row : undefined;
    });
  });

  it('are personal: each member’s reminder uses their own time', async () => {
    const [owner, editor] = await Promise.all([signUp(), signUp()]);
    await owner.api.patch('auth/me', { allDayReminderTime: '07:00' });
    await editor.api.patch('auth/me', { allDayReminderTime: '12:45' });
    const project = (await owner.api.post('projects', { name: 'Home' })).body;
    expect(
      (await owner.api.post(`projects/${project.id}/members`, { email: editor.email, role: 'editor' })).status,
    ).toBe(201);
    const due = dayIn('Asia/Tokyo', 5);
    const task = await createTask(owner, { projectId: project.id, dueDate: due, timeZone: 'Asia/Tokyo' });
    for (const [who, time] of [
      [owner, '07:00'],
      [editor, '12:45'],
    ] as const) {
      expect((await who.api.post(`tasks/${task.id}/reminders`, { afterDue: 'PT0S' })).status).toBe(201);
      const [view] = await reminderViews(who, task.id);
      expect(view?.fireAt).toBe(DateTime.fromISO(`${due}T${time}`, { zone: 'Asia/Tokyo' }).toUTC().toISO());
    }
  });

  it('refuses an allDayReminderTime that is not HH:MM, naming it', async () => {
    const user = await signUp();
    for (const allDayReminderTime of ['25:00', '9am', '9:00', '09:60', '', '09:00:00'])
      await expectProblem(await user.api.patch('auth/me', { allDayReminderTime }), 'allDayReminderTime');
    expect((await user.api.get('auth/me')).body.allDayReminderTime).toBe('09:00');
  });
});
