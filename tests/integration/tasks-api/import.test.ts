import { crashAndRestart, createTask, signUp, type TestUser, tasksApi, testDatabase, waitFor } from '@taskmesh/testing';

// Import (issue 20): Todoist's CSV, iCalendar and Taskmesh's own export, each
// row created through the normal create path, idempotent, with a per-row report.

const db = testDatabase();
afterAll(() => db.$disconnect());

interface RowReport {
  row: number;
  status: 'created' | 'skipped';
  reason?: string;
  taskId?: string;
}
interface ImportJob {
  id: string;
  status: string;
  total: number;
  processed: number;
  created: number;
  skipped: number;
  rows: RowReport[];
  nextRow?: number;
}

async function startImport(user: TestUser, body: Record<string, unknown>): Promise<ImportJob> {
  const started = await user.api.post('imports', body);
  expect(started.status).toBe(202);
  return started.body;
}

/** Polls the job until it is done (progress is committed batch by batch), then reads its whole report. */
async function finished(user: TestUser, id: string): Promise<ImportJob> {
  const done = await waitFor(
    `import ${id} done`,
    async () => {
      const job = (await user.api.get(`imports/${id}`)).body as ImportJob;
      expect(job.processed).toBeLessThanOrEqual(job.total);
      return job.status === 'done' ? job : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 250 },
  );
  const rows = [...done.rows];
  for (let next = done.nextRow; next; ) {
    const page = (await user.api.get(`imports/${id}?fromRow=${next}`)).body as ImportJob;
    rows.push(...page.rows);
    next = page.nextRow;
  }
  return { ...done, rows };
}

const runImport = async (user: TestUser, body: Record<string, unknown>) =>
  finished(user, (await startImport(user, body)).id);
const rowOf = (job: ImportJob, row: number) => job.rows.find((r) => r.row === row);
const taskOf = async (user: TestUser, id: string | undefined) => (await user.api.get(`tasks/${id}`)).body;

const todoist = [
  'TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE,DURATION,DURATION_UNIT',
  'section,Errands,,,,,,,,,,',
  'task,Buy milk @errands @home,Semi-skimmed,1,1,Ada (1),,Dec 10 2026 9am,en,Europe/Berlin,,',
  'note,Remember the coupon,,,,,,,,,,',
  ',,,,,,,,,,,',
  'task,Standup,,4,1,,,every monday,en,Europe/Berlin,,',
  'task,Mystery,,2,1,,,whenever you like,en,,,',
  'task,Plain,,,1,,,,en,,,',
].join('\r\n');

describe('import', () => {
  it('imports a Todoist CSV: tasks with labels and priorities, a repeat; sections, notes and a bad date skipped', async () => {
    const user = await signUp({ timeZone: 'Europe/Berlin' });
    const started = await startImport(user, { format: 'csv', content: todoist });
    expect(started).toMatchObject({ total: 6, status: expect.stringMatching(/pending|running|done/) });
    const job = await finished(user, started.id);
    expect(job).toMatchObject({ total: 6, processed: 6, created: 3, skipped: 3 });
    expect(rowOf(job, 1)).toEqual({ row: 1, status: 'skipped', reason: expect.stringContaining('section') });
    expect(rowOf(job, 3)).toEqual({ row: 3, status: 'skipped', reason: expect.stringContaining('note') });
    expect(rowOf(job, 6)).toEqual({ row: 6, status: 'skipped', reason: expect.stringContaining('whenever you like') });

    const milk = await taskOf(user, rowOf(job, 2)?.taskId);
    expect(milk).toMatchObject({
      title: 'Buy milk',
      description: 'Semi-skimmed',
      priority: 'urgent',
      tags: ['errands', 'home'],
      dueAt: '2026-12-10T08:00:00.000Z',
      timeZone: 'Europe/Berlin',
      allDay: false,
    });
    const standup = await taskOf(user, rowOf(job, 5)?.taskId);
    expect(standup).toMatchObject({ title: 'Standup', priority: 'low', allDay: true });
    const recurrence = await user.api.get(`tasks/${standup.id}/recurrence`);
    expect(recurrence.status).toBe(200);
    expect(recurrence.body.rrule).toContain('BYDAY=MO');
    expect(new Date(`${standup.dueDate}T12:00:00Z`).getUTCDay()).toBe(1);
    expect((await taskOf(user, rowOf(job, 7)?.taskId)).priority).toBe('medium');

    // Created like POST /tasks creates: task.created in the outbox (the audit log and realtime read it).
    const events = await db.outboxEvent.findMany({ where: { partitionKey: milk.id, topic: 'task-events' } });
    expect(events.map((e) => e.eventType)).toEqual(['task.created']);
  });

  it('is idempotent: the same file again creates nothing and reports every row', async () => {
    const user = await signUp();
    const first = await runImport(user, { format: 'csv', content: todoist });
    expect(first.created).toBe(3);
    const again = await runImport(user, { format: 'csv', content: todoist });
    expect(again).toMatchObject({ total: 6, created: 0, skipped: 6 });
    const alreadyImported = again.rows.filter((r) => r.reason === 'already imported').map((r) => r.row);
    expect(alreadyImported).toEqual([2, 5, 7]);
    const tasks = await user.api.get('tasks?limit=100');
    expect(tasks.body.items).toHaveLength(3);
  });

  it('imports iCalendar: a VTODO in a TZID with its VTIMEZONE, an all-day VEVENT, an RRULE, a completed task', async () => {
    // Ada's calendar feed is the file: VTODOs with DUE in their TZID and the VTIMEZONEs, RRULE, COMPLETED.
    const [ada, bob] = await Promise.all([signUp(), signUp({ timeZone: 'America/New_York' })]);
    const rent = await createTask(ada, {
      title: 'Pay rent',
      priority: 'urgent',
      tags: ['home', 'bills'],
      dueAt: '2027-07-01T09:00:00+02:00',
      timeZone: 'Europe/Berlin',
    });
    expect((await ada.api.put(`tasks/${rent.id}/recurrence`, { rrule: 'FREQ=MONTHLY;BYMONTHDAY=1' })).status).toBe(200);
    const taxes = await createTask(ada, { title: 'Filed taxes', dueAt: '2026-12-01T17:00:00Z' });
    expect((await ada.api.post(`tasks/${taxes.id}/complete`)).status).toBe(200);
    const feed = (await ada.api.post('calendar-feeds', {})).body;
    const ics = String((await tasksApi().get(`calendars/${feed.token}`)).body);
    expect(ics).toContain('BEGIN:VTIMEZONE');
    const extra = [
      'BEGIN:VEVENT',
      'UID:holiday@test',
      'DTSTAMP:20261201T000000Z',
      'SUMMARY:Holiday',
      'DTSTART;VALUE=DATE:20261224',
      'END:VEVENT',
      'BEGIN:VTODO',
      'UID:never@test',
      'DTSTAMP:20261201T000000Z',
      'SUMMARY:Never ends',
      'DUE:20270101T090000Z',
      'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
      'END:VTODO',
    ].join('\r\n');
    const content = ics.replace('END:VCALENDAR', `${extra}\r\nEND:VCALENDAR`);
    const project = (await bob.api.post('projects', { name: 'From Ada' })).body;

    const job = await runImport(bob, { format: 'ical', content, projectId: project.id });
    expect(job).toMatchObject({ total: 4, created: 4, skipped: 0 });
    const bobs = (await bob.api.get(`tasks?projectId=${project.id}&limit=100`)).body.items;
    const named = (title: string) => bobs.find((t: { title: string }) => t.title === title);
    expect(named('Pay rent')).toMatchObject({
      priority: 'urgent',
      tags: ['home', 'bills'],
      dueAt: '2027-07-01T07:00:00.000Z',
      timeZone: 'Europe/Berlin',
    });
    expect((await bob.api.get(`tasks/${named('Pay rent').id}/recurrence`)).body).toMatchObject({
      rrule: expect.stringContaining('FREQ=MONTHLY;BYMONTHDAY=1'),
      timeZone: 'Europe/Berlin',
    });
    expect(named('Holiday')).toMatchObject({ allDay: true, dueDate: '2026-12-24', timeZone: 'America/New_York' });
    expect(named('Filed taxes')).toMatchObject({ status: 'done', dueAt: '2026-12-01T17:00:00.000Z' });
    // A rule that never occurs: the task is kept, without the repeat, and the report says so.
    expect(job.rows.find((r) => r.taskId === named('Never ends').id)).toMatchObject({
      status: 'created',
      reason: expect.stringContaining('without its repeat'),
    });
  });

  it('round-trips Taskmesh’s own CSV export into another account', async () => {
    const [ada, bob] = await Promise.all([signUp(), signUp()]);
    await createTask(ada, {
      title: '=HYPERLINK("http://evil.example")',
      description: 'Line one, with "quotes"\nline two',
      tags: ['a', 'b'],
      priority: 'high',
      dueAt: '2027-01-05T09:00:00+01:00',
      timeZone: 'Europe/Berlin',
    });
    await createTask(ada, {
      title: 'Bin day',
      dueDate: '2027-01-07',
      timeZone: 'Europe/Berlin',
      status: 'in_progress',
    });
    const rent = await createTask(ada, { title: 'Pay rent', dueAt: '2027-02-01T09:00:00Z', timeZone: 'UTC' });
    expect((await ada.api.put(`tasks/${rent.id}/recurrence`, { rrule: 'FREQ=MONTHLY;BYMONTHDAY=1' })).status).toBe(200);
    const csv = String((await ada.api.get('me/export.csv')).body);

    const job = await runImport(bob, { format: 'csv', content: csv });
    expect(job).toMatchObject({ total: 3, created: 3 });
    const compared = ['title', 'description', 'status', 'priority', 'tags', 'dueAt', 'dueDate', 'allDay', 'timeZone'];
    const fields = (task: Record<string, unknown>) => Object.fromEntries(compared.map((name) => [name, task[name]]));
    const byTitle = (items: Array<Record<string, unknown>>) =>
      items.map(fields).sort((a, b) => String(a.title).localeCompare(String(b.title)));
    const adas = (await ada.api.get('tasks?limit=100')).body.items;
    const bobs = (await bob.api.get('tasks?limit=100')).body.items;
    expect(byTitle(bobs)).toEqual(byTitle(adas));
    const bobsRent = bobs.find((t: { title: string }) => t.title === 'Pay rent');
    expect((await bob.api.get(`tasks/${bobsRent.id}/recurrence`)).body.rrule).toBe('FREQ=MONTHLY;BYMONTHDAY=1');
    // Into Ada's own account again: the rows carry her task ids, keys of their own, so once is once.
    const mine = await runImport(ada, { format: 'csv', content: csv });
    expect((await runImport(ada, { format: 'csv', content: csv })).created).toBe(0);
    expect(mine.created).toBe(3);
  });

  it('shows progress batch by batch on a larger file, and lists the user’s imports', async () => {
    const user = await signUp();
    const rows = Array.from({ length: 450 }, (_, i) => `Task ${i + 1},,todo,low,bulk`);
    const content = ['title,description,status,priority,tags', ...rows].join('\n');
    const started = await startImport(user, { format: 'csv', content });
    const seen = new Set<number>();
    const job = await waitFor(
      'the import done',
      async () => {
        const current = (await user.api.get(`imports/${started.id}?status=skipped`)).body as ImportJob;
        seen.add(current.processed);
        return current.status === 'done' ? current : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    );
    expect(job).toMatchObject({ total: 450, processed: 450, created: 450, skipped: 0, rows: [] });
    // Progress moves in whole batches of 200 rows (what a poll catches depends on timing; what it may catch does not).
    expect([...seen].every((n) => [0, 200, 400, 450].includes(n))).toBe(true);
    const report = await finished(user, started.id);
    expect(report.rows).toHaveLength(450);
    expect(report.rows.every((r) => r.status === 'created' && r.taskId)).toBe(true);
    const list = await user.api.get('imports');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([started.id]);
  });

  it('finishes an import whose tasks-api was SIGKILLed mid-way: every row once, none twice', async () => {
    const user = await signUp();
    const total = 6000;
    const rows = Array.from({ length: total }, (_, i) => `Crash row ${i + 1},,todo,low,crash`);
    const content = ['title,description,status,priority,tags', ...rows].join('\n');
    const started = await startImport(user, { format: 'csv', content });
    // Mid-way: some batches committed, more to come.
    const before = await waitFor(
      'the first batches committed',
      async () => {
        const job = (await user.api.get(`imports/${started.id}?status=skipped`)).body as ImportJob;
        return job.processed >= 200 ? job : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 50 },
    );
    expect(before.processed).toBeLessThan(total);
    await crashAndRestart('tasks-api');
    // The job's lease lapses and the outbox sweep's tick resumes it on the restarted replica.
    const done = await waitFor(
      'the import resumed and done',
      async () => {
        const job = (await user.api.get(`imports/${started.id}?status=skipped`)).body as ImportJob;
        return job.status === 'done' ? job : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    expect(done).toMatchObject({ total, processed: total, created: total, skipped: 0 });
    const report = await finished(user, started.id);
    const taskIds = report.rows.map((r) => r.taskId);
    expect(new Set(taskIds).size).toBe(total);
    expect(await db.task.count({ where: { ownerId: user.id, tags: { has: 'crash' } } })).toBe(total);
  }, 300_000);

  it('keeps imports private and refuses bad input, naming the field', async () => {
    const [ada, eve] = await Promise.all([signUp(), signUp()]);
    const job = await runImport(ada, { format: 'csv', content: 'title\nMine' });
    expect((await eve.api.get(`imports/${job.id}`)).status).toBe(404);
    expect((await eve.api.get('imports')).body.items).toEqual([]);
    const field = async (body: unknown) => {
      const response = await ada.api.post('imports', body);
      expect(response.status).toBe(400);
      return response.body.errors.map((e: { field: string }) => e.field);
    };
    expect(await field({ format: 'csv', content: 'this is not, a task file' })).toEqual(['content']);
    expect(await field({ format: 'ical', content: 'BEGIN:VCALENDAR\r\nBROKEN' })).toEqual(['content']);
    expect(await field({ format: 'xlsx', content: 'title\nA' })).toEqual(['format']);
    expect(await field({ format: 'csv', content: 'title\nA', projectId: 'nope' })).toEqual(['projectId']);
    expect(await field({ format: 'csv', content: 'x'.repeat(3_000_001) })).toEqual(['content']);
    const eves = (await eve.api.post('projects', { name: 'Eve only' })).body;
    expect((await ada.api.post('imports', { format: 'csv', content: 'title\nA', projectId: eves.id })).status).toBe(
      404,
    );
    expect((await tasksApi().get('imports')).status).toBe(401);
  });
});
