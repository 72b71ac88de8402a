import { createTask, httpRequest, signUp, type TestUser, testDatabase } from '@taskmesh/testing';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { webUrl } from '../web/web-pages';

// iCalendar feeds (issue 20), read the way calendar apps read them: over
// plain HTTP from web's public /calendar/<token>.ics, then parsed with an
// independent iCalendar library (Mozilla's ical.js).

const db = testDatabase();
afterAll(() => db.$disconnect());
afterEach(() => ICAL.TimezoneService.reset());

async function createFeed(user: TestUser, body: Record<string, unknown> = {}) {
  const created = await user.api.post('calendar-feeds', body);
  expect(created.status).toBe(201);
  return created.body as { id: string; token: string; path: string; name: string; projectId: string | null };
}

const fetchFeed = (path: string) => httpRequest<string>(`${webUrl}${path}`, { headers: { accept: 'text/calendar' } });

/** The feed's VTODOs by UID, with its VTIMEZONEs registered as a calendar app does. */
async function readFeed(path: string) {
  const response = await fetchFeed(path);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
  const calendar = new ICAL.Component(ICAL.parse(String(response.body)));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const todos = new Map(
    calendar.getAllSubcomponents('vtodo').map((todo) => [String(todo.getFirstPropertyValue('uid')), todo]),
  );
  return { calendar, todos };
}

const uid = (id: string) => `${id}@taskmesh`;
const instant = (value: unknown) => (value as ICAL.Time).toJSDate().toISOString();

describe('calendar feeds', () => {
  it('serves the user’s dated tasks as VTODOs with zones, repeats and reminders, read back by ical.js', async () => {
    const user = await signUp({ timeZone: 'America/New_York' });
    const due = DateTime.now()
      .setZone('Europe/Berlin')
      .plus({ days: 10 })
      .set({ hour: 9, minute: 30, second: 0, millisecond: 0 });
    const zoned = await createTask(user, {
      title: 'Dentist; bring the card, and the form',
      dueAt: due.toISO(),
      timeZone: 'Europe/Berlin',
      priority: 'high',
      tags: ['health'],
    });
    const reminder = await user.api.post(`tasks/${zoned.id}/reminders`, { beforeDue: 'PT1H', channels: ['in_app'] });
    expect(reminder.status).toBe(201);
    const rent = await createTask(user, { title: 'Pay rent' });
    const recur = await user.api.put(`tasks/${rent.id}/recurrence`, { rrule: 'FREQ=MONTHLY;BYMONTHDAY=31' });
    expect(recur.status).toBe(200);
    const day = DateTime.now().setZone('America/New_York').plus({ days: 3 }).toISODate() as string;
    const allDay = await createTask(user, { title: 'Bin day', dueDate: day });
    const undated = await createTask(user, { title: 'Someday' });
    const gone = await createTask(user, { title: 'Deleted', dueAt: due.toISO() });
    expect((await user.api.delete(`tasks/${gone.id}`)).status).toBe(204);

    const feed = await createFeed(user, { name: 'My tasks' });
    expect(feed.path).toBe(`/calendar/${feed.token}.ics`);
    const { calendar, todos } = await readFeed(feed.path);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('My tasks');
    expect([...todos.keys()].sort()).toEqual([uid(zoned.id), uid(rent.id), uid(allDay.id)].sort());
    // An all-day task is a DATE, the day in its zone.
    const bins = (todos.get(uid(allDay.id)) as ICAL.Component).getFirstPropertyValue('due') as ICAL.Time;
    expect(bins.isDate).toBe(true);
    expect(bins.toString()).toBe(day);
    expect(todos.has(uid(undated.id))).toBe(false);

    const dentist = todos.get(uid(zoned.id)) as ICAL.Component;
    expect(dentist.getFirstPropertyValue('summary')).toBe('Dentist; bring the card, and the form');
    expect(dentist.getFirstProperty('due')?.getParameter('tzid')).toBe('Europe/Berlin');
    expect(instant(dentist.getFirstPropertyValue('due'))).toBe(due.toUTC().toISO());
    expect(dentist.getFirstPropertyValue('priority')).toBe(3);
    expect(dentist.getFirstProperty('categories')?.getValues()).toEqual(['health']);
    const [alarm] = dentist.getAllSubcomponents('valarm') as [ICAL.Component];
    expect(instant(alarm.getFirstPropertyValue('trigger'))).toBe(due.minus({ hours: 1 }).toUTC().toISO());

    // The repeat, expanded by ical.js: the month's last day at the series' time, as tasks-api previews it.
    const monthly = todos.get(uid(rent.id)) as ICAL.Component;
    expect(monthly.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=MONTHLY;BYMONTHDAY=-1');
    const expansion = new ICAL.RecurExpansion({
      component: monthly,
      dtstart: monthly.getFirstPropertyValue('dtstart') as ICAL.Time,
    });
    const next = Array.from({ length: 5 }, () => expansion.next()?.toJSDate().getTime());
    expect(next).toEqual(recur.body.preview.occurrences.map((iso: string) => Date.parse(iso)));

    // Reading is recorded, so the owner can tell a feed is in use.
    const [listed] = (await user.api.get('calendar-feeds')).body.items;
    expect(listed).toMatchObject({ id: feed.id, name: 'My tasks', projectId: null, lastReadAt: expect.any(String) });
    expect(listed).not.toHaveProperty('token');
    const stored = await db.calendarFeed.findUniqueOrThrow({ where: { id: feed.id } });
    expect(stored.tokenHash).not.toContain(feed.token);
  });

  it('revokes a feed: its URL answers 404 and it leaves the list; another user cannot revoke it', async () => {
    const [user, other] = await Promise.all([signUp(), signUp()]);
    const feed = await createFeed(user);
    expect((await fetchFeed(feed.path)).status).toBe(200);
    expect((await other.api.delete(`calendar-feeds/${feed.id}`)).status).toBe(404);
    expect((await fetchFeed(feed.path)).status).toBe(200);
    expect((await user.api.delete(`calendar-feeds/${feed.id}`)).status).toBe(204);
    expect((await fetchFeed(feed.path)).status).toBe(404);
    expect((await user.api.get('calendar-feeds')).body.items).toEqual([]);
    expect((await user.api.delete(`calendar-feeds/${feed.id}`)).status).toBe(404);
  });

  it('follows the owner’s membership: a project feed stops when its owner leaves the project', async () => {
    const [owner, member, outsider] = await Promise.all([signUp(), signUp(), signUp()]);
    const project = (await owner.api.post('projects', { name: 'Garden' })).body;
    expect(
      (await owner.api.post(`projects/${project.id}/members`, { email: member.email, role: 'viewer' })).status,
    ).toBe(201);
    const inGarden = await createTask(owner, {
      title: 'Prune roses',
      projectId: project.id,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await createTask(owner, { title: 'Elsewhere', dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    // A non-member gets 404 for the project, as everywhere.
    expect((await outsider.api.post('calendar-feeds', { projectId: project.id })).status).toBe(404);

    const feed = await createFeed(member, { projectId: project.id, name: 'Garden' });
    const { todos } = await readFeed(feed.path);
    expect([...todos.keys()]).toEqual([uid(inGarden.id)]);
    expect((await owner.api.delete(`projects/${project.id}/members/${member.id}`)).status).toBe(204);
    expect((await fetchFeed(feed.path)).status).toBe(404);
  });

  it('refuses bad input with 400 naming the field, never reaches tasks-api with a malformed token, and bounds feeds per user', async () => {
    const user = await signUp();
    for (const [body, field] of [
      [{ projectId: 'not-a-uuid' }, 'projectId'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ extra: 1 }, 'extra'],
    ] as const) {
      const refused = await user.api.post('calendar-feeds', body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
      expect(JSON.stringify(refused.body.errors)).toContain(field);
    }
    expect((await user.api.delete('calendar-feeds/not-a-uuid')).status).toBe(400);
    for (const path of ['/calendar/short.ics', `/calendar/${'a'.repeat(43)}`, `/calendar/${'a'.repeat(43)}.ics`])
      expect({ path, status: (await fetchFeed(path)).status }).toEqual({ path, status: 404 });
    const feeds = await Promise.all(Array.from({ length: 20 }, () => user.api.post('calendar-feeds', {})));
    expect(feeds.map((f) => f.status)).toEqual(Array(20).fill(201));
    const over = await user.api.post('calendar-feeds', {});
    expect(over.status).toBe(409);
    expect((await user.api.get('calendar-feeds')).body.items).toHaveLength(20);
  });
});
