import { createTask, signUp } from '@taskmesh/testing';

const ids = (body: { items: Array<{ id: string }> }) => body.items.map((t) => t.id);

describe('listing tasks', () => {
  it('filters by status, priority, all-of and any-of tags, due range and overdue', async () => {
    const user = await signUp();
    const past = new Date(Date.now() - 86_400_000).toISOString();
    const soon = new Date(Date.now() + 86_400_000).toISOString();
    const later = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const a = await createTask(user, { title: 'a', priority: 'urgent', tags: ['work', 'q4'], dueAt: past });
    const b = await createTask(user, { title: 'b', priority: 'low', tags: ['work'], dueAt: soon });
    const c = await createTask(user, { title: 'c', priority: 'high', tags: ['home'], dueAt: later });
    const d = await createTask(user, { title: 'd', tags: ['q4'], dueAt: past });
    await user.api.post(`tasks/${d.id}/complete`);

    const sorted = (list: string[]) => [...list].sort();
    expect(sorted(ids((await user.api.get('tasks?tags=work,q4')).body))).toEqual([a.id]);
    expect(sorted(ids((await user.api.get('tasks?anyTags=home,q4')).body))).toEqual(sorted([a.id, c.id, d.id]));
    expect(sorted(ids((await user.api.get('tasks?priority=urgent,high')).body))).toEqual(sorted([a.id, c.id]));
    expect(ids((await user.api.get('tasks?status=done')).body)).toEqual([d.id]);
    expect(ids((await user.api.get('tasks?overdue=true')).body)).toEqual([a.id]);
    expect(
      sorted(ids((await user.api.get(`tasks?dueAfter=${encodeURIComponent(new Date().toISOString())}`)).body)),
    ).toEqual(sorted([b.id, c.id]));
    expect(ids((await user.api.get(`tasks?dueBefore=${encodeURIComponent(soon)}&status=todo`)).body)).toEqual([a.id]);
  });

  it('sorts by due date (undated last) and priority', async () => {
    const user = await signUp();
    const undated = await createTask(user, { title: 'undated', priority: 'low' });
    const later = await createTask(user, { title: 'later', dueAt: '2027-03-01T09:00:00Z', priority: 'urgent' });
    const sooner = await createTask(user, { title: 'sooner', dueAt: '2027-01-01T09:00:00Z', priority: 'medium' });
    expect(ids((await user.api.get('tasks?sort=due')).body)).toEqual([sooner.id, later.id, undated.id]);
    expect(ids((await user.api.get('tasks?sort=priority')).body)).toEqual([later.id, sooner.id, undated.id]);
  });

  it('pages with a cursor without skipping or repeating, even while tasks are added', async () => {
    const user = await signUp();
    const created = [];
    for (let i = 0; i < 7; i += 1) created.push(await createTask(user, { dueAt: `2027-01-0${(i % 3) + 1}T09:00:00Z` }));
    for (const sort of ['created', 'due', 'priority']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `tasks?sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await user.api.get(query);
        expect(page.status).toBe(200);
        seen.push(...ids(page.body));
        cursor = page.body.nextCursor;
        pages += 1;
        if (pages === 1) await createTask(user, { title: 'added while paging' });
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      for (const task of created) expect(seen).toContain(task.id);
      expect(pages).toBeGreaterThanOrEqual(3);
    }
    const wrongSort = await user.api.get(
      `tasks?sort=due&cursor=${Buffer.from('["created","x","y"]').toString('base64url')}`,
    );
    expect(wrongSort.status).toBe(400);
  });

  it("pages through tag and word filters with a cursor, and only through the caller's own tasks", async () => {
    // Tag and word filters are applied to the caller's rows after the scope
    // (list-tasks.ts); another user's matching tasks must still never show.
    const [user, other] = await Promise.all([signUp(), signUp()]);
    const mine = [];
    for (let i = 0; i < 5; i += 1)
      mine.push(await createTask(user, { title: `Quarterly report ${i}`, tags: ['work', `n${i}`] }));
    await createTask(user, { title: 'Garden', tags: ['home'] });
    for (let i = 0; i < 3; i += 1) await createTask(other, { title: `Quarterly report ${i}`, tags: ['work'] });
    for (const filter of ['tags=work', 'anyTags=work,nothing', 'q=report', 'q=report&tags=work&sort=created']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `tasks?${filter}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await user.api.get(query);
        expect({ filter, status: page.status }).toEqual({ filter, status: 200 });
        seen.push(...ids(page.body));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect({ filter, seen: [...seen].sort() }).toEqual({ filter, seen: mine.map((t) => t.id).sort() });
    }
  });

  it('searches title and description, ranked, with stemming, and treats SQL and script text as words', async () => {
    const user = await signUp();
    const titleHit = await createTask(user, { title: 'Renew passport', description: 'Photos needed' });
    const descriptionHit = await createTask(user, { title: 'Travel prep', description: 'Check passport expiry' });
    await createTask(user, { title: 'Buy groceries' });
    const result = await user.api.get('tasks?q=passports');
    expect(result.status).toBe(200);
    expect(ids(result.body)).toEqual([titleHit.id, descriptionHit.id]);

    const nasty = await createTask(user, { title: "Robert'); DROP TABLE tasks;-- <script>alert(1)</script>" });
    for (const q of ["'; DROP TABLE tasks; --", '<script>alert(1)</script>', '" OR 1=1', 'passport -photos']) {
      const search = await user.api.get(`tasks?q=${encodeURIComponent(q)}`);
      expect({ q, status: search.status }).toEqual({ q, status: 200 });
    }
    expect(ids((await user.api.get(`tasks?q=${encodeURIComponent('DROP TABLE')}`)).body)).toEqual([nasty.id]);
    expect(ids((await user.api.get(`tasks?q=${encodeURIComponent('passport -photos')}`)).body)).toEqual([
      descriptionHit.id,
    ]);
    const stored = await user.api.get(`tasks/${nasty.id}`);
    expect(stored.body.title).toBe("Robert'); DROP TABLE tasks;-- <script>alert(1)</script>");
    expect((await user.api.get('tasks?sort=relevance')).status).toBe(400);
  });
});
