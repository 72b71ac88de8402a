import { createTask, signUp, tasksApi, testDatabase } from '@taskmesh/testing';
import { parse } from 'csv-parse/sync';

// Export (issue 20): everything a user owns, as JSON and as CSV, read back
// with an independent CSV parser (csv-parse).

const db = testDatabase();
afterAll(() => db.$disconnect());

describe('export', () => {
  it('exports what the user owns and nothing else, as JSON and as CSV', async () => {
    const [ada, bob] = await Promise.all([signUp(), signUp()]);
    const home = (await ada.api.post('projects', { name: 'Home' })).body;
    const section = (await ada.api.post(`projects/${home.id}/sections`, { name: 'Kitchen' })).body;
    expect((await ada.api.post(`projects/${home.id}/members`, { email: bob.email, role: 'editor' })).status).toBe(201);
    const tricky = await createTask(ada, {
      title: '=HYPERLINK("http://evil.example")',
      description: 'Line one, with "quotes"\nline two',
      projectId: home.id,
      sectionId: section.id,
      tags: ['a', 'b'],
      dueAt: '2027-01-05T09:00:00+01:00',
      timeZone: 'Europe/Berlin',
    });
    expect(
      (await ada.api.post(`tasks/${tricky.id}/reminders`, { beforeDue: 'PT1H', channels: ['in_app'] })).status,
    ).toBe(201);
    expect((await ada.api.post(`tasks/${tricky.id}/comments`, { body: 'Done soon' })).status).toBe(201);
    const rent = await createTask(ada, { title: 'Pay rent' });
    const bins = await createTask(ada, { title: 'Bin day', dueDate: '2027-01-07', timeZone: 'Europe/Berlin' });
    expect((await ada.api.put(`tasks/${rent.id}/recurrence`, { rrule: 'FREQ=MONTHLY;BYMONTHDAY=1' })).status).toBe(200);
    // Bob's task in Ada's project is Ada's data too; Bob's own Inbox is not.
    const bobsInHome = await createTask(bob, { title: 'Bob in Home', projectId: home.id });
    const bobsOwn = await createTask(bob, { title: 'Bob alone' });
    const deleted = await createTask(ada, { title: 'Gone' });
    expect((await ada.api.delete(`tasks/${deleted.id}`)).status).toBe(204);

    const json = await ada.api.get('me/export.json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toContain('taskmesh-export.json');
    const doc = json.body;
    expect(doc).toMatchObject({ format: 'taskmesh-export', version: 1, user: { id: ada.id, email: ada.email } });
    expect(doc.projects.map((p: { name: string }) => p.name).sort()).toEqual(['Home', 'Inbox']);
    expect(doc.projects.find((p: { name: string }) => p.name === 'Home').sections).toEqual([
      { id: section.id, name: 'Kitchen', position: expect.any(Number) },
    ]);
    const ids = doc.tasks.map((t: { id: string }) => t.id).sort();
    expect(ids).toEqual([tricky.id, rent.id, bins.id, bobsInHome.id].sort());
    expect(doc.tasks.find((t: { id: string }) => t.id === bins.id)).toMatchObject({
      allDay: true,
      dueDate: '2027-01-07',
    });
    expect(ids).not.toContain(bobsOwn.id);
    const exported = doc.tasks.find((t: { id: string }) => t.id === tricky.id);
    expect(exported).toMatchObject({
      description: 'Line one, with "quotes"\nline two',
      tags: ['a', 'b'],
      sectionId: section.id,
      dueAt: '2027-01-05T08:00:00.000Z',
      reminders: [{ offset: 'PT1H', direction: 'before', channels: ['in_app'] }],
      comments: [{ body: 'Done soon' }],
    });
    expect(doc.tasks.find((t: { id: string }) => t.id === rent.id).recurrence).toMatchObject({
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
      mode: 'fixed',
    });

    const csv = await ada.api.get('me/export.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows: Record<string, string>[] = parse(String(csv.body), { columns: true });
    expect(rows.map((r) => r.id).sort()).toEqual([tricky.id, rent.id, bins.id, bobsInHome.id].sort());
    expect(rows.find((r) => r.id === bins.id)).toMatchObject({
      due_date: '2027-01-07',
      due_at: '2027-01-06T23:00:00.000Z',
    });
    const row = rows.find((r) => r.id === tricky.id);
    expect(row).toMatchObject({
      // A formula stays text in a spreadsheet (CSV injection).
      title: `'=HYPERLINK("http://evil.example")`,
      description: 'Line one, with "quotes"\nline two',
      tags: 'a,b',
      project: 'Home',
      section: 'Kitchen',
      due_at: '2027-01-05T08:00:00.000Z',
      time_zone: 'Europe/Berlin',
    });
    expect(rows.find((r) => r.id === rent.id)?.rrule).toBe('FREQ=MONTHLY;BYMONTHDAY=1');
  });

  it('needs a signed-in user', async () => {
    expect((await tasksApi().get('me/export.json')).status).toBe(401);
    expect((await tasksApi('not-a-token').get('me/export.csv')).status).toBe(401);
  });
});
