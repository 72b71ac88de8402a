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

  it('refuses text PostgreSQL cannot store (NUL, unpaired surrogates) in any field, naming it (issue 15)', async () => {
    const user = await signUp();
    const task = await createTask(user, { title: 'keep me', tags: ['kept'] });
    const nul = 'a\u0000b';
    const half = 'a\ud800b';
    const cases: Array<[string, () => Promise<{ status: number; headers: Headers; body: any }>, string]> = [
      ['title', () => user.api.post('tasks', { title: nul }), 'title'],
      ['description', () => user.api.post('tasks', { title: 't', description: nul }), 'description'],
      ['tags', () => user.api.post('tasks', { title: 't', tags: ['ok', nul] }), 'tags.1'],
      ['checklist', () => user.api.post('tasks', { title: 't', checklist: [{ text: nul }] }), 'checklist.0.text'],
      ['lone surrogate title', () => user.api.post('tasks', { title: half }), 'title'],
      ['lone surrogate tag', () => user.api.post('tasks', { title: 't', tags: ['\udc00'] }), 'tags.0'],
      ['PATCH title', () => user.api.patch(`tasks/${task.id}`, { title: nul }), 'title'],
      ['PATCH description', () => user.api.patch(`tasks/${task.id}`, { description: half }), 'description'],
      ['bulk tag', () => user.api.post('tasks/bulk', { action: 'tag', ids: [task.id], add: [nul] }), 'add.0'],
      ['search', () => user.api.get('tasks?q=a%00b'), 'q'],
      ['tag filter', () => user.api.get('tasks?tags=a%00b'), 'tags'],
      ['any-tag filter', () => user.api.get('tasks?anyTags=a%00b'), 'anyTags'],
      ['display name', () => user.api.patch('auth/me', { displayName: nul }), 'displayName'],
      ['rrule', () => user.api.put(`tasks/${task.id}/recurrence`, { rrule: `FREQ=DAILY${nul}` }), 'rrule'],
      [
        'registration',
        () =>
          tasksApi().post('auth/register', {
            email: `nul-${user.email}`,
            password: 'a long passphrase',
            displayName: half,
          }),
        'displayName',
      ],
    ];
    for (const [name, call, field] of cases) {
      const result = await call();
      expect({ name, status: result.status }).toEqual({ name, status: 400 });
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      expect({ name, errors: result.body.errors }).toEqual({
        name,
        errors: [{ field, message: expect.stringMatching(/NUL|surrogate/) }],
      });
    }
    const stored = await db.task.findMany({ where: { ownerId: user.id } });
    expect(stored).toEqual([expect.objectContaining({ title: 'keep me', tags: ['kept'], version: 1, seriesId: null })]);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ displayName: null });
    expect(await db.user.count({ where: { email: `nul-${user.email}` } })).toBe(0);
  });

  it('refuses dates before year 1 or after 9999 in UTC in every date field, naming it (issue 15)', async () => {
    const user = await signUp();
    const task = await createTask(user, { title: 'keep me' });
    const outOfRange = ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:30:00-01:00'];
    const malformed = ['10000-01-01T00:00:00Z', '+010000-01-01T00:00:00Z', '-0001-01-01T00:00:00Z'];
    for (const at of [...outOfRange, ...malformed]) {
      const query = encodeURIComponent(at);
      const cases: Array<[string, Promise<{ status: number; body: any }>]> = [
        ['dueAt', user.api.post('tasks', { title: 't', dueAt: at })],
        ['dueAt', user.api.patch(`tasks/${task.id}`, { dueAt: at })],
        ['at', user.api.post(`tasks/${task.id}/reminders`, { at })],
        ['dueBefore', user.api.get(`tasks?dueBefore=${query}`)],
        ['dueAfter', user.api.get(`tasks?dueAfter=${query}&sort=due`)],
      ];
      for (const [field, call] of cases) {
        const result = await call;
        expect({
          at,
          field,
          status: result.status,
          fields: result.body.errors?.map((e: { field: string }) => e.field),
        }).toEqual({ at, field, status: 400, fields: [field] });
      }
    }
    for (const anchor of ['0000-01-01T09:00', '9999-12-31T09:00', '2026-13-45T25:61']) {
      const preview = await user.api.post('recurrence/preview', { rrule: 'FREQ=DAILY', timeZone: 'UTC', anchor });
      expect({ anchor, status: preview.status, field: preview.body.errors?.[0]?.field }).toEqual({
        anchor,
        status: 400,
        field: 'anchor',
      });
    }
    const stored = await db.task.findMany({ where: { ownerId: user.id }, include: { reminders: true } });
    expect(stored).toEqual([expect.objectContaining({ title: 'keep me', dueAt: null, version: 1, reminders: [] })]);
  });

  it('keeps a reminder that would fire after year 9999 inactive, not a 500 (issue 15)', async () => {
    const user = await signUp();
    const task = await createTask(user, { title: 'the very end', dueAt: '9999-12-31T00:00:00Z' });
    const added = await user.api.post(`tasks/${task.id}/reminders`, { afterDue: 'P1D' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ state: 'inactive', inactiveReason: 'out-of-range', fireAt: null });
    const earlier = await user.api.patch(`tasks/${task.id}`, { dueAt: '9999-06-01T00:00:00Z' });
    expect(earlier.status).toBe(200);
    const reminders = await user.api.get(`tasks/${task.id}/reminders`);
    expect(reminders.body.items).toEqual([
      expect.objectContaining({ state: 'scheduled', fireAt: '9999-06-02T00:00:00.000Z' }),
    ]);
    expect((await user.api.patch(`tasks/${task.id}`, { dueAt: '9999-12-31T12:00:00Z' })).status).toBe(200);
  });

  it('searches with any text: runs of dashes, operators, quotes and backslashes simply work (issue 15)', async () => {
    const user = await signUp();
    const report = await createTask(user, { title: 'quarterly report' });
    const hostile = [
      '-'.repeat(20),
      '-'.repeat(200),
      '- '.repeat(100),
      '!-'.repeat(100),
      '!!!',
      '&|',
      ':*',
      '"',
      '"unclosed',
      '\\',
      "'",
      '(((',
      'x'.repeat(200),
    ];
    for (const q of hostile) {
      for (const sort of ['relevance', 'created']) {
        const result = await user.api.get(`tasks?q=${encodeURIComponent(q)}&sort=${sort}`);
        expect({ q, sort, status: result.status }).toEqual({ q, sort, status: 200 });
      }
    }
    // Forty NOTs are none, forty-one are one: the query still means what it says.
    const even = await user.api.get(`tasks?q=${encodeURIComponent(`${'-'.repeat(40)}report`)}`);
    expect(even.body.items.map((t: { id: string }) => t.id)).toEqual([report.id]);
    const odd = await user.api.get(`tasks?q=${encodeURIComponent(`${'- '.repeat(41)}report`)}`);
    expect(odd.body.items).toEqual([]);
  });

  it('refuses bogus, truncated, tampered and oversized cursors with 400 naming the cursor (issue 15)', async () => {
    const user = await signUp();
    const [first] = await Promise.all([createTask(user), createTask(user)]);
    const page = await user.api.get('tasks?limit=1&sort=created');
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const forge = (sort: string, key: unknown) =>
      Buffer.from(JSON.stringify([sort, key, first?.id])).toString('base64url');
    const cursors: Array<[string, string]> = [
      ['created', 'bogus'],
      ['created', page.body.nextCursor.slice(0, 20)],
      ['created', 'a'.repeat(5_000)],
      ['created', forge('created', 'not-a-date')],
      ['created', forge('created', '0000-01-01 00:00:00+00')],
      ['created', forge('created', 5)],
      ['created', forge('created', '\u0000')],
      ['priority', forge('priority', 'zzz')],
      ['due', forge('due', 'yesterday')],
      ['relevance', forge('relevance', 1e300)],
    ];
    for (const [sort, cursor] of cursors) {
      const q = sort === 'relevance' ? '&q=task' : '';
      const result = await user.api.get(`tasks?sort=${sort}${q}&cursor=${encodeURIComponent(cursor)}`);
      expect({ sort, cursor, status: result.status }).toEqual({ sort, cursor, status: 400 });
      expect(result.body.errors.map((e: { field: string }) => e.field)).toEqual(['cursor']);
    }
    const next = await user.api.get(`tasks?limit=1&sort=created&cursor=${page.body.nextCursor}`);
    expect(next.status).toBe(200);
    expect(next.body.items).toHaveLength(1);
  });

  it('answers a body that is not in its Content-Encoding with 400 and an unknown encoding with 415 (issue 15)', async () => {
    const user = await signUp();
    const body = JSON.stringify({ title: 'encoded' });
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const result = await user.api.post('tasks', body, {
        'content-type': 'application/json',
        'content-encoding': encoding,
      });
      expect({ encoding, status: result.status }).toEqual({ encoding, status: 400 });
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      expect(result.body.errors).toEqual([
        { field: 'body', message: `not valid ${encoding} data (see Content-Encoding)` },
      ]);
    }
    const unknown = await user.api.post('tasks', body, {
      'content-type': 'application/json',
      'content-encoding': 'x-zip',
    });
    expect(unknown.status).toBe(415);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await user.api.get('tasks')).body.items).toEqual([]);
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
