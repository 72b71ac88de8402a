import { randomUUID } from 'node:crypto';
import {
  createTask,
  httpRequest,
  invoke,
  promoteToAdmin,
  readTopicSince,
  sidecarPort,
  signUp,
  type TestUser,
  testDatabase,
  topicEndOffsets,
  waitFor,
} from '@taskmesh/testing';

const db = testDatabase();
afterAll(() => db.$disconnect());

const auditEntries = (user: TestUser, query: string) =>
  invoke('audit-agent', `audit-entries?${query}`, { headers: { authorization: `Bearer ${user.accessToken}` } });

describe('audit-agent', () => {
  it('sends a poison event to the dead-letter topic and goes on with the same partition', async () => {
    const user = await signUp();
    const task = await createTask(user);
    const deadLettersBefore = topicEndOffsets('task-events.audit-agent.dlq');
    const poisonId = `poison-${randomUUID()}`;
    // Published through tasks-api's sidecar onto the task's partition, as a broken producer would.
    const published = await httpRequest(
      `http://127.0.0.1:${sidecarPort('tasks-api')}/v1.0/publish/pubsub/task-events?metadata.partitionKey=${task.id}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents+json' },
        body: {
          specversion: '1.0',
          id: poisonId,
          type: 'task.created',
          source: 'a-broken-producer',
          data: { nonsense: true },
        },
      },
    );
    expect(published.status).toBe(204);
    await user.api.patch(`tasks/${task.id}`, { title: 'after the poison' });

    const rows = await waitFor('the update after the poison event audited', async () => {
      const found = await db.auditEntry.findMany({ where: { taskId: task.id }, orderBy: { taskVersion: 'asc' } });
      return found.length === 2 ? found : undefined;
    });
    expect(rows.map((r) => r.eventType)).toEqual(['task.created', 'task.updated']);
    expect(await db.auditEntry.count({ where: { eventId: poisonId } })).toBe(0);
    const deadLetters = await waitFor('the poison event on the dead-letter topic', async () => {
      const messages = readTopicSince('task-events.audit-agent.dlq', deadLettersBefore);
      return messages.some((m) => m.includes(poisonId)) ? messages : undefined;
    });
    expect(deadLetters.filter((m) => m.includes(poisonId))).toHaveLength(1);
  });

  it('publishes every stored entry to audit-logs', async () => {
    const user = await signUp();
    const before = topicEndOffsets('audit-logs');
    const task = await createTask(user);
    await user.api.post(`tasks/${task.id}/complete`);
    const published = await waitFor('two audit-logs events published', async () => {
      const rows = await db.auditOutboxEvent.findMany({ where: { partitionKey: task.id } });
      return rows.length === 2 && rows.every((r) => r.publishedAt) ? rows : undefined;
    });
    expect(published.map((r) => (r.payload as { data: { eventType: string } }).data.eventType).sort()).toEqual([
      'task.completed',
      'task.created',
    ]);
    const onTopic = readTopicSince('audit-logs', before).filter((m) => m.includes(task.id));
    expect(onTopic).toHaveLength(2);
  });

  it('answers queries by task, actor, owner, type and time, paged, and only with the caller’s own entries', async () => {
    const alice = await signUp();
    const bob = await signUp();
    const first = await createTask(alice);
    const second = await createTask(alice);
    await alice.api.post(`tasks/${first.id}/complete`);
    await alice.api.patch(`tasks/${second.id}`, { priority: 'high' });
    const bobs = await createTask(bob);
    // Each also owns an Inbox, made at sign-up (project.created: issue 19).
    await waitFor('alice’s five entries', async () =>
      (await db.auditEntry.count({ where: { ownerId: alice.id } })) === 5 ? true : undefined,
    );
    await waitFor('bob’s two entries', async () =>
      (await db.auditEntry.count({ where: { ownerId: bob.id } })) === 2 ? true : undefined,
    );

    const all = await auditEntries(alice, 'limit=10');
    expect(all.status).toBe(200);
    expect(all.body.items.map((e: { eventType: string }) => e.eventType)).toEqual([
      'project.created',
      'task.created',
      'task.created',
      'task.completed',
      'task.updated',
    ]);
    expect((await auditEntries(alice, `taskId=${first.id}`)).body.items).toHaveLength(2);
    expect((await auditEntries(alice, 'eventType=task.completed,task.updated')).body.items).toHaveLength(2);
    expect((await auditEntries(alice, `actorId=${alice.id}&order=desc&limit=1`)).body.items[0].eventType).toBe(
      'task.updated',
    );
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await auditEntries(alice, `from=${encodeURIComponent(future)}`)).body.items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await auditEntries(
        alice,
        `limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);

    // Another user's entries stay invisible, whatever the filter; an admin sees them.
    expect((await auditEntries(alice, `taskId=${bobs.id}`)).body.items).toEqual([]);
    expect((await auditEntries(alice, `ownerId=${bob.id}`)).body.items).toEqual([]);
    const admin = await promoteToAdmin(await signUp());
    expect((await auditEntries(admin, `ownerId=${bob.id}`)).body.items).toHaveLength(2);

    expect((await invoke('audit-agent', 'audit-entries')).status).toBe(401);
    expect((await auditEntries(alice, 'taskId=nope')).status).toBe(400);
    expect((await auditEntries(alice, 'cursor=garbage')).status).toBe(400);
  });
});
