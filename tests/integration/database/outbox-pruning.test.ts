import { DbSchema } from '@taskmesh/contracts';
import { createOutboxRelay, type OutboxTable, prunePublishedEvents } from '@taskmesh/outbox';
import { createDaprClient, createLogger } from '@taskmesh/platform';
import { createScratchDatabase, migrationNames, type ScratchDatabase } from './scratch-database';

// Published outbox rows used to stay forever: three tables growing by every
// event the system ever published. Each publisher now deletes what it
// published longer ago than OUTBOX_RETENTION_HOURS, from its sweep, as its
// own database role, in bounded statements, and never an event not yet
// published. A database of its own (every migration applied) holds rows in
// each state, dated by hand.

const publishers: Array<{ table: OutboxTable; schema: DbSchema }> = [
  { table: 'tasks_api.outbox_events', schema: DbSchema.tasksApi },
  { table: 'audit_agent.audit_outbox_events', schema: DbSchema.auditAgent },
  { table: 'reminder_agent.reminder_agent_outbox_events', schema: DbSchema.reminderAgent },
];

let scratch: ScratchDatabase;
const as = (schema: DbSchema) => scratch.as(schema);

/** Adds `count` events labelled `label` to a table, `ageHours` old, published then (or never), in seq order. */
async function addEvents(table: OutboxTable, label: string, count: number, ageHours: number, published: boolean) {
  await scratch.admin.query(
    `INSERT INTO ${table} (id, topic, partition_key, event_type, payload, created_at, published_at)
     SELECT gen_random_uuid(), 'task-events', $1 || '-' || n, 'task.created', '{}'::jsonb,
       now() - make_interval(hours => $2), CASE WHEN $3 THEN now() - make_interval(hours => $2) END
     FROM generate_series(1, $4) AS n ORDER BY n`,
    [label, ageHours, published, count],
  );
}

/** What is left in a table: how many rows of each label. */
async function left(table: OutboxTable): Promise<Record<string, number>> {
  const { rows } = await scratch.admin.query<{ label: string; n: number }>(
    `SELECT split_part(partition_key, '-', 1) AS label, count(*)::int AS n FROM ${table} GROUP BY 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.label, row.n]));
}

beforeAll(async () => {
  scratch = await createScratchDatabase('outbox_pruning');
  await scratch.apply(migrationNames);
});

afterAll(async () => {
  await scratch?.drop();
});

describe('pruning published outbox events', () => {
  it.each(publishers)(
    'deletes $table’s events published before the cut, as its owner’s role, and keeps the rest',
    async ({ table, schema }) => {
      // In seq order: old and published, old and never published (the broker was down), old and published again,
      // then recent and published, and not yet published.
      await addEvents(table, 'oldpublished', 3, 48, true);
      await addEvents(table, 'oldstuck', 2, 48, false);
      await addEvents(table, 'oldafterstuck', 4, 30, true);
      await addEvents(table, 'recent', 5, 1, true);
      await addEvents(table, 'pending', 2, 0, false);

      const deleted = await prunePublishedEvents(as(schema), table, {
        publishedBefore: new Date(Date.now() - 24 * 3_600_000),
      });

      expect(deleted).toBe(7);
      // An event not yet published is never deleted, however old; those behind it go all the same.
      expect(await left(table)).toEqual({ oldstuck: 2, recent: 5, pending: 2 });
    },
  );

  it('looks at a bounded number of the oldest rows per statement and statements per prune', async () => {
    const table: OutboxTable = 'tasks_api.outbox_events';
    await scratch.admin.query(`DELETE FROM ${table}`);
    await addEvents(table, 'first', 10, 48, true);
    await addEvents(table, 'second', 10, 48, true);
    await addEvents(table, 'third', 5, 48, true);
    const publishedBefore = new Date(Date.now() - 24 * 3_600_000);
    const db = as(DbSchema.tasksApi);

    // Two statements of eight rows each: the sixteen oldest go, in seq order; the next prune goes on.
    expect(await prunePublishedEvents(db, table, { publishedBefore, batchSize: 8, maxBatches: 2 })).toBe(16);
    expect(await left(table)).toEqual({ second: 4, third: 5 });
    expect(await prunePublishedEvents(db, table, { publishedBefore, batchSize: 8, maxBatches: 2 })).toBe(9);
    expect(await left(table)).toEqual({});
  });

  it('runs from the relay’s sweep with the service’s retention, at most once per interval', async () => {
    const table: OutboxTable = 'audit_agent.audit_outbox_events';
    await scratch.admin.query(`DELETE FROM ${table}`);
    await addEvents(table, 'expired', 3, 5, true);
    await addEvents(table, 'kept', 2, 3, true);
    const relay = createOutboxRelay({
      prisma: as(DbSchema.auditAgent),
      table,
      // Every row here is published already, so the relay has nothing to send: no sidecar is called.
      dapr: createDaprClient({ httpPort: 1 }),
      logger: createLogger('outbox-pruning-test', 'silent'),
      batchSize: 100,
      retentionHours: 4,
      pruneEveryMs: 3_600_000,
    });

    expect(await relay.flush()).toBe(0);
    expect(await left(table)).toEqual({ kept: 2 });
    // Expired since, but the last prune was less than an interval ago: the next sweep leaves it.
    await addEvents(table, 'later', 1, 5, true);
    await relay.flush();
    expect(await left(table)).toEqual({ kept: 2, later: 1 });
  });
});
