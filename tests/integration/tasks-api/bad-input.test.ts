import { createTask, signUp, tasksApi, testDatabase } from '@taskmesh/testing';

const db = testDatabase();
afterAll(() => db.$disconnect());

describe('bad input gets a clear 4xx and changes nothing', () => {
  it('names each bad field in problem+json', async () => {
    const user = await signUp();
    const cases: Array<{ name: string; body: unknown; fields: string[] }> = [
      { name: 'empty title, unknown field', body: { title: '', colour: 'red' }, fields: ['title', 'colour'] },
      { name: 'wrong types', body: { title: 42, tags: 'work', priority: 7 }, fields: ['title', 'tags', 'priority'] },
      {
        name: '1,000 tags',
        body: { title: 't', tags: Array.from({ length: 1_000 }, (_, i) => `t${i}`) },
        fields: ['tags'],
      },
      { name: 'invalid time zone', body: { title: 't', timeZone: 'Mars/Olympus_Mons' }, fields: ['timeZone'] },
      { name: 'invalid date', body: { title: 't', dueAt: '2026-02-30T25:61:00Z' }, fields: ['dueAt'] },
      { name: 'date without offset', body: { title: 't', dueAt: '2026-12-01 09:00' }, fields: ['dueAt'] },
      { name: 'bad status', body: { title: 't', status: 'archived' }, fields: ['status'] },
      { name: 'tag with spaces', body: { title: 't', tags: ['two words'] }, fields: ['tags.0'] },
    ];
    for (const { name, body, fields } of cases) {
      const result = await user.api.post('tasks', body);
      expect({ name, status: result.status }).toEqual({ name, status: 400 });
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      const named = (result.body.errors as Array<{ field: string }>).map((e) => e.field);
      for (const field of fields) expect({ name, named }).toEqual({ name, named: expect.arrayContaining([field]) });
    }
    expect((await user.api.get('tasks')).body.items).toEqual([]);
  });

  it('rejects malformed JSON, huge bodies and unknown query parameters', async () => {
    const user = await signUp();
    const malformed = await user.api.post('tasks', '{"title": ', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'body', message: 'malformed JSON' }]);
    const huge = await user.api.post('tasks', { title: 'x', description: 'y'.repeat(200_000) });
    expect(huge.status).toBe(413);
    // 10,000 tags do not fit in the 64 kB body limit: refused before parsing.
    const tenThousandTags = await user.api.post('tasks', {
      title: 't',
      tags: Array.from({ length: 10_000 }, (_, i) => `t${i}`),
    });
    expect(tenThousandTags.status).toBe(413);
    const unknownQuery = await user.api.get('tasks?colour=red');
    expect(unknownQuery.status).toBe(400);
    const badId = await user.api.get('tasks/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe('id');
    const badLimit = await user.api.get('tasks?limit=100000');
    expect(badLimit.status).toBe(400);
    expect((await user.api.get('tasks')).body.items).toEqual([]);
  });

  it('refuses updates that would make a task invalid and keeps it as it was', async () => {
    const user = await signUp();
    const task = await createTask(user, { title: 'keep me' });
    for (const patch of [{}, { title: '' }, { version: 99 }, { ownerId: user.id }, { dueAt: 'next week' }]) {
      const result = await user.api.patch(`tasks/${task.id}`, patch);
      expect({ patch, status: result.status }).toEqual({ patch, status: 400 });
    }
    const stored = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(stored).toMatchObject({ title: 'keep me', version: 1 });
  });

  it('validates registration input', async () => {
    const short = await tasksApi().post('auth/register', { email: 'not-an-email', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
  });

  it('limits requests per user with 429 and Retry-After', async () => {
    const user = await signUp();
    let limited: { status: number; headers: Headers } | undefined;
    // The per-user limit is 1,200 per minute (a bucket refilled at 20/s); a
    // burst past it must be refused. Bounded by time, not count: on a busy
    // machine 1,500 requests can take long enough for the refill to keep up.
    const deadline = Date.now() + 90_000;
    while (!limited && Date.now() < deadline) {
      const results = await Promise.all(Array.from({ length: 50 }, () => user.api.get('tasks?limit=1')));
      limited = results.find((r) => r.status === 429);
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
