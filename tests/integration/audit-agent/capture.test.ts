import {
  crashAndRestart,
  createTask,
  infra,
  invokeOwn,
  signUp,
  type TestUser,
  testDatabase,
  waitFor,
} from '@taskmesh/testing';

// Proof of 100% capture: after 2,000 task mutations, with audit-agent crashed
// mid-way, with Kafka restarted mid-way, and with every event delivered
// twice, the audit log holds exactly one row per committed mutation.

const db = testDatabase();
afterAll(() => db.$disconnect());

const MUTATIONS = 2_000;
const TASKS = 200;
const WRITERS = 10;

/**
 * 200 creates, then updates, completions and reopenings round-robin until
 * 2,000 mutations have been committed, by 10 users writing in parallel (each
 * on their own tasks, within the per-user rate limit). `midway` runs, without
 * stopping the writers, once 35% are done. Every mutation must succeed: the
 * count of 2xx answers is the count of committed mutations.
 */
async function mutate(midway: () => Promise<void>): Promise<string[]> {
  const users: TestUser[] = await Promise.all(Array.from({ length: WRITERS }, () => signUp()));
  const owned = await Promise.all(
    users.map(async (user, w) => {
      const ids: string[] = [];
      for (let i = 0; i < TASKS / WRITERS; i += 1)
        ids.push((await createTask(user, { title: `capture ${w}.${i}` })).id);
      return ids;
    }),
  );
  let committed = TASKS;
  let disruption: Promise<void> | undefined;
  let next = 0;
  const worker = async (w: number) => {
    const user = users[w] as TestUser;
    const own = owned[w] as string[];
    const done = new Set<string>();
    for (let k = 0; ; k += 1) {
      const n = next++;
      if (TASKS + n >= MUTATIONS) return;
      if (!disruption && TASKS + n >= MUTATIONS * 0.35) disruption = midway();
      const id = own[k % own.length] as string;
      const result =
        n % 3 === 0
          ? await user.api.patch(`tasks/${id}`, { title: `capture edit ${n}` })
          : done.has(id)
            ? await user.api.post(`tasks/${id}/reopen`)
            : await user.api.post(`tasks/${id}/complete`);
      if (result.status !== 200)
        throw new Error(`mutation ${n} failed: ${result.status} ${JSON.stringify(result.body)}`);
      if (n % 3 !== 0) {
        if (done.has(id)) done.delete(id);
        else done.add(id);
      }
      committed += 1;
    }
  };
  await Promise.all(users.map((_, w) => worker(w)));
  await disruption;
  expect(committed).toBe(MUTATIONS);
  return owned.flat();
}

/** The task-events that tasks-api committed for these tasks, and what the audit log holds. */
async function expectExactlyOneRowPerCommittedEvent(taskIds: string[]) {
  const committed = await db.outboxEvent.findMany({
    where: { partitionKey: { in: taskIds }, topic: 'task-events' },
    select: { id: true },
  });
  expect(committed).toHaveLength(MUTATIONS);
  const rows = await waitFor(
    `${MUTATIONS} audit rows`,
    async () => {
      const found = await db.auditEntry.findMany({ where: { taskId: { in: taskIds } }, select: { eventId: true } });
      return found.length >= MUTATIONS ? found : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 1000 },
  );
  expect(rows).toHaveLength(MUTATIONS);
  expect(new Set(rows.map((r) => r.eventId))).toEqual(new Set(committed.map((e) => e.id)));
}

describe('audit-agent captures every committed mutation exactly once', () => {
  afterAll(() => {
    infra('up.sh');
  });

  it('when audit-agent and its sidecar are SIGKILLed mid-way and restarted', async () => {
    const tasks = await mutate(() => crashAndRestart('audit-agent'));
    await expectExactlyOneRowPerCommittedEvent(tasks);
  });

  it('when the Kafka broker is restarted mid-way', async () => {
    const tasks = await mutate(async () => {
      infra('down.sh', 'kafka');
      infra('up.sh');
    });
    await expectExactlyOneRowPerCommittedEvent(tasks);
  });

  it('when every event is delivered twice', async () => {
    const tasks = await mutate(async () => {});
    await expectExactlyOneRowPerCommittedEvent(tasks);
    const stats = async () => (await invokeOwn<{ duplicates: number }>('audit-agent', 'stats')).body.duplicates;
    const duplicatesBefore = await stats();
    // Publish every one of these events again, as a redelivery or replay would.
    const republished = await db.outboxEvent.updateMany({
      where: { partitionKey: { in: tasks }, topic: 'task-events' },
      data: { publishedAt: null },
    });
    expect(republished.count).toBe(MUTATIONS);
    await waitFor(
      'the second delivery of every event handled',
      async () => ((await stats()) - duplicatesBefore >= MUTATIONS ? true : undefined),
      { timeoutMs: 180_000, intervalMs: 1000 },
    );
    await expectExactlyOneRowPerCommittedEvent(tasks);
  });
});
