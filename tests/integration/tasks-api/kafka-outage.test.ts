import { createTask, infra, signUp, testDatabase, waitFor } from '@taskmesh/testing';

// Nothing committed is lost when the broker is down: writes succeed, their
// events wait in the outbox, and every one is published (once) when Kafka is back.

const db = testDatabase();
afterAll(() => db.$disconnect());

describe('with Kafka stopped', () => {
  afterAll(() => {
    // Whatever happened, leave the broker running for the other tests.
    infra('up.sh');
  });

  it('accepts writes and publishes every event after Kafka comes back', async () => {
    const user = await signUp();
    infra('down.sh', 'kafka');

    const tasks = [];
    for (let i = 0; i < 20; i += 1) tasks.push(await createTask(user, { title: `written while Kafka is down ${i}` }));
    const ids = tasks.map((t) => t.id);
    const pending = await db.outboxEvent.count({ where: { partitionKey: { in: ids }, publishedAt: null } });
    expect(pending).toBe(40);

    infra('up.sh');

    await waitFor(
      'all 40 events published',
      async () => {
        const left = await db.outboxEvent.count({ where: { partitionKey: { in: ids }, publishedAt: null } });
        return left === 0 ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    const audited = await waitFor(
      'one audit row per task',
      async () => {
        const rows = await db.auditEntry.findMany({ where: { taskId: { in: ids } } });
        return rows.length >= 20 ? rows : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    expect(audited).toHaveLength(20);
    expect(new Set(audited.map((row) => row.taskId))).toEqual(new Set(ids));
  });
});
