import { createTask, promoteToAdmin, signUp, testDatabase, waitFor } from '@taskmesh/testing';
import { taskRouteSpecs } from '../../../services/tasks-api/src/routes/task-specs';

const db = testDatabase();
afterAll(() => db.$disconnect());

/** Every response body must match the schema its route documents. */
function expectDocumented(route: keyof typeof taskRouteSpecs, status: number, body: unknown) {
  const spec = taskRouteSpecs[route].responses as Record<number, { schema?: { parse: (v: unknown) => unknown } }>;
  const schema = spec[status]?.schema;
  if (!schema) throw new Error(`${route} does not document status ${status}`);
  expect(() => schema.parse(body)).not.toThrow();
}

describe('tasks-api tasks', () => {
  it('creates, reads, updates, completes, reopens and deletes a task, with an ETag per version', async () => {
    const user = await signUp();
    const created = await user.api.post('tasks', {
      title: 'Plan the trip',
      description: 'Trains and hotels',
      priority: 'high',
      tags: ['travel'],
      dueAt: '2026-12-24T18:00:00+01:00',
      timeZone: 'Europe/Berlin',
    });
    expect(created.status).toBe(201);
    expectDocumented('create', 201, created.body);
    const id = created.body.id;
    expect(created.headers.get('location')).toBe(`/tasks/${id}`);
    expect(created.body.dueAt).toBe('2026-12-24T17:00:00.000Z');

    const got = await user.api.get(`tasks/${id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');
    expectDocumented('get', 200, got.body);

    const updated = await user.api.patch(
      `tasks/${id}`,
      { title: 'Plan the winter trip', description: null },
      { 'if-match': '"1"' },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ title: 'Plan the winter trip', description: null, version: 2 });
    expect(updated.headers.get('etag')).toBe('"2"');

    const completed = await user.api.post(`tasks/${id}/complete`);
    expect(completed.body).toMatchObject({ status: 'done', version: 3 });
    expect(completed.body.completedAt).toEqual(expect.any(String));
    expect((await user.api.post(`tasks/${id}/complete`)).status).toBe(409);

    const reopened = await user.api.post(`tasks/${id}/reopen`);
    expect(reopened.body).toMatchObject({ status: 'todo', completedAt: null, version: 4 });

    expect((await user.api.delete(`tasks/${id}`)).status).toBe(204);
    expect((await user.api.get(`tasks/${id}`)).status).toBe(404);
    expect((await user.api.get('tasks')).body.items).toEqual([]);
    expect((await user.api.post(`tasks/${id}/complete`)).status).toBe(404);
  });

  it('answers 404, never 403, for another user’s task, and changes nothing', async () => {
    const alice = await signUp();
    const bob = await signUp();
    const task = await createTask(alice, { title: 'Alice only' });
    for (const call of [
      bob.api.get(`tasks/${task.id}`),
      bob.api.patch(`tasks/${task.id}`, { title: 'Bob was here' }),
      bob.api.post(`tasks/${task.id}/complete`),
      bob.api.delete(`tasks/${task.id}`),
      bob.api.post('tasks/bulk', { action: 'delete', ids: [task.id] }),
    ]) {
      expect((await call).status).toBe(404);
    }
    expect((await bob.api.get(`tasks?ownerId=${alice.id}`)).body.items).toEqual([]);
    const unchanged = await alice.api.get(`tasks/${task.id}`);
    expect(unchanged.body).toMatchObject({ title: 'Alice only', status: 'todo', version: 1 });
  });

  it('lets an admin read any task but not change it', async () => {
    const owner = await signUp();
    const admin = await promoteToAdmin(await signUp());
    const task = await createTask(owner);
    expect((await admin.api.get(`tasks/${task.id}`)).status).toBe(200);
    const listed = await admin.api.get(`tasks?ownerId=${owner.id}`);
    expect(listed.body.items.map((t: { id: string }) => t.id)).toEqual([task.id]);
    expect((await admin.api.post(`tasks/${task.id}/complete`)).status).toBe(404);
  });

  it('rejects a stale If-Match with 412 and the current state, and keeps the winner’s change', async () => {
    const user = await signUp();
    const task = await createTask(user, { title: 'v1' });
    const winner = await user.api.patch(`tasks/${task.id}`, { title: 'winner' }, { 'if-match': '"1"' });
    expect(winner.status).toBe(200);
    const loser = await user.api.patch(`tasks/${task.id}`, { title: 'loser' }, { 'if-match': '"1"' });
    expect(loser.status).toBe(412);
    expect(loser.body.current).toMatchObject({ title: 'winner', version: 2 });
    expect(loser.headers.get('etag')).toBe('"2"');
    expect((await user.api.get(`tasks/${task.id}`)).body.title).toBe('winner');
  });

  it('makes POST retries with an Idempotency-Key safe: same response, one task, one event', async () => {
    const user = await signUp();
    const headers = { 'idempotency-key': `create-${user.id}` };
    const [first, second] = await Promise.all([
      user.api.post('tasks', { title: 'Only once' }, headers),
      user.api.post('tasks', { title: 'Only once' }, headers),
    ]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    const third = await user.api.post('tasks', { title: 'Only once' }, headers);
    expect(third.body).toEqual(first.body);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    expect((await user.api.get('tasks')).body.items).toHaveLength(1);
    const events = await db.outboxEvent.count({ where: { partitionKey: first.body.id, eventType: 'task.created' } });
    expect(events).toBe(1);

    const reused = await user.api.post('tasks', { title: 'Something else' }, headers);
    expect(reused.status).toBe(422);
  });

  it('completes, tags and deletes up to 100 tasks at once, all or nothing', async () => {
    const user = await signUp();
    const stranger = await signUp();
    const tasks = await Promise.all(Array.from({ length: 5 }, () => createTask(user, { tags: ['batch'] })));
    const foreign = await createTask(stranger);
    const ids = tasks.map((t) => t.id);

    const refused = await user.api.post('tasks/bulk', { action: 'complete', ids: [...ids, foreign.id] });
    expect(refused.status).toBe(404);
    expect(refused.body.errors).toEqual([{ field: 'ids.5', message: `task ${foreign.id} not found` }]);
    expect((await user.api.get('tasks?status=done')).body.items).toEqual([]);

    const tagged = await user.api.post('tasks/bulk', { action: 'tag', ids, add: ['q4'], remove: ['batch'] });
    expect(tagged.status).toBe(200);
    expect(tagged.body.changed).toBe(5);
    expect(tagged.body.items.every((t: { tags: string[] }) => t.tags.join() === 'q4')).toBe(true);

    const done = await user.api.post('tasks/bulk', { action: 'complete', ids });
    expect(done.body.changed).toBe(5);
    expect((await user.api.post('tasks/bulk', { action: 'complete', ids })).body.changed).toBe(0);

    const tooMany = await user.api.post('tasks/bulk', {
      action: 'delete',
      ids: Array.from({ length: 101 }, () => crypto.randomUUID()),
    });
    expect(tooMany.status).toBe(400);

    expect((await user.api.post('tasks/bulk', { action: 'delete', ids })).status).toBe(200);
    expect((await user.api.get('tasks')).body.items).toEqual([]);
  });

  it('publishes every change to task-events and task-updates through the outbox', async () => {
    const user = await signUp();
    const task = await createTask(user);
    await user.api.patch(`tasks/${task.id}`, { priority: 'urgent' });
    await user.api.post(`tasks/${task.id}/complete`);
    await user.api.post(`tasks/${task.id}/reopen`);
    await user.api.delete(`tasks/${task.id}`);
    const events = await waitFor('all ten events published', async () => {
      const rows = await db.outboxEvent.findMany({ where: { partitionKey: task.id }, orderBy: { seq: 'asc' } });
      return rows.length === 10 && rows.every((row) => row.publishedAt !== null) ? rows : undefined;
    });
    expect(events.filter((e) => e.topic === 'task-events').map((e) => e.eventType)).toEqual([
      'task.created',
      'task.updated',
      'task.completed',
      'task.reopened',
      'task.deleted',
    ]);
    const updates = events
      .filter((e) => e.topic === 'task-updates')
      .map((e) => e.payload as { data: { version: number; deleted: boolean; seq: number } });
    expect(updates.map((u) => u.data.version)).toEqual([1, 2, 3, 4, 5]);
    // Numbered in the Inbox's update sequence, one after another, as the statement that records them takes them.
    const [first = 0] = updates.map((u) => u.data.seq);
    expect(first).toBeGreaterThan(0);
    expect(updates.map((u) => u.data.seq)).toEqual([0, 1, 2, 3, 4].map((n) => first + n));
    expect(updates.at(-1)?.data.deleted).toBe(true);
    const updated = events.find((e) => e.eventType === 'task.updated')?.payload as {
      data: { changes: string[]; actorId: string };
    };
    expect(updated.data).toMatchObject({ changes: ['priority'], actorId: user.id });
  });

  it('numbers the updates of one bulk change one after another in the project, up to its counter', async () => {
    const user = await signUp();
    const tasks = [await createTask(user), await createTask(user), await createTask(user)];
    const ids = tasks.map((t) => t.id);
    expect((await user.api.post('tasks/bulk', { action: 'complete', ids })).status).toBe(200);
    const rows = await db.outboxEvent.findMany({
      where: { topic: 'task-updates', partitionKey: { in: ids }, eventType: 'task.changed' },
      orderBy: { seq: 'asc' },
    });
    const seqs = rows.map((row) => (row.payload as { data: { seq: number } }).data.seq);
    // Three creations, then the three completions of the one transaction: 1 to 6 in the new Inbox.
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    const inbox = await db.project.findFirstOrThrow({ where: { ownerId: user.id, isInbox: true } });
    expect(inbox.updateSeq).toBe(6);
  });
});
