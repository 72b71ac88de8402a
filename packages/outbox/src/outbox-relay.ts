import { Component } from '@taskmesh/contracts';
import { Prisma, type PrismaClient } from '@taskmesh/db';
import { type DaprClient, gaugeOnScrape, type Logger } from '@taskmesh/platform';
import { prunePublishedEvents } from './prune-outbox';
import type { OutboxTable } from './record-events';

interface PendingEvent {
  seq: bigint;
  id: string;
  topic: string;
  partition_key: string;
  payload: Record<string, unknown>;
}

export interface OutboxRelayOptions {
  prisma: PrismaClient;
  table: OutboxTable;
  dapr: DaprClient;
  logger: Logger;
  batchSize: number;
  /**
   * How long a claim holds its rows. Longer than a publish can take with
   * Dapr's retries (resiliency.yaml), so a slow publish is not published twice;
   * a replica that dies holding a claim delays its rows by this much.
   */
  claimSeconds?: number;
  /** Published events older than this are deleted (outboxEnv's OUTBOX_RETENTION_HOURS). */
  retentionHours: number;
  /** The sweep prunes at most this often (it fires every few seconds). */
  pruneEveryMs?: number;
}

/**
 * Publishes outbox events through Dapr. `publishSoon()` runs right after a
 * commit; the outbox-sweep cron binding calls `flush()` to publish whatever is
 * left (the sidecar or the broker was down, or the process died between
 * commit and publish), so nothing committed stays unpublished.
 *
 * No transaction is held while publishing: one statement claims a batch (sets
 * claimed_until), the batch is published, a second statement marks it: two
 * round trips instead of BEGIN, SELECT ... FOR UPDATE, UPDATE, COMMIT, and no
 * connection or row lock held across the broker call. A claim skips rows
 * locked or claimed by another relay, and every row of a key that has a
 * claimed row: one task's events are never in flight twice at once, even
 * across replicas, so they reach Kafka in outbox order (two replicas claiming
 * in the same instant can still race; consumers go by version and event id).
 * One batch at a time per process: commits that arrive meanwhile make up the
 * next batch (measured: publishing every commit at once costs more CPU per
 * event and was slower under load).
 */
export function createOutboxRelay({
  prisma,
  table,
  dapr,
  logger,
  batchSize,
  claimSeconds = 60,
  retentionHours,
  pruneEveryMs = 60_000,
}: OutboxRelayOptions) {
  const outbox = Prisma.raw(table);
  // Outbox depth: events committed but not yet on Kafka (grows while the broker or sidecar is down).
  gaugeOnScrape(
    'taskmesh_outbox_pending_events',
    'Events committed to the outbox and not yet published',
    async () => {
      const [row] = await prisma.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM ${outbox} WHERE published_at IS NULL`;
      return row?.n ?? 0;
    },
    // Labelled by table name alone, as before tables moved into schemas (issue 16): dashboards and alerts keep working.
    { table: table.slice(table.indexOf('.') + 1) },
  );
  let pumping: Promise<number> | undefined;
  let again = false;

  async function claim(): Promise<PendingEvent[]> {
    const rows = await prisma.$queryRaw<PendingEvent[]>`
      WITH busy AS (
        SELECT DISTINCT partition_key FROM ${outbox}
        WHERE published_at IS NULL AND claimed_until > now()
      ), next AS (
        SELECT seq FROM ${outbox}
        WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until <= now())
          AND partition_key NOT IN (SELECT partition_key FROM busy)
        ORDER BY seq
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE ${outbox} AS o SET claimed_until = now() + make_interval(secs => ${claimSeconds})
      FROM next WHERE o.seq = next.seq
      RETURNING o.seq, o.id::text AS id, o.topic, o.partition_key, o.payload`;
    return rows.sort((a, b) => (a.seq < b.seq ? -1 : 1));
  }

  /** One bulk publish per topic, topics in parallel, each in outbox order; then one mark per outcome. */
  async function publish(rows: PendingEvent[]): Promise<void> {
    const started = performance.now();
    const byTopic = new Map<string, PendingEvent[]>();
    for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
    const published: bigint[] = [];
    const failed: bigint[] = [];
    let lastError = '';
    await Promise.all(
      [...byTopic].map(async ([topic, events]) => {
        try {
          await dapr.publishCloudEvents(
            Component.pubsub,
            topic,
            events.map((row) => ({ id: row.id, event: row.payload, partitionKey: row.partition_key })),
          );
          published.push(...events.map((row) => row.seq));
        } catch (error) {
          failed.push(...events.map((row) => row.seq));
          lastError = (error as Error).message.slice(0, 1000);
          logger.warn({ err: error, topic, events: events.length }, 'outbox publish failed; will retry');
        }
      }),
    );
    const publishMs = performance.now() - started;
    if (published.length > 0)
      await prisma.$executeRaw`
        UPDATE ${outbox} SET published_at = now(), claimed_until = NULL WHERE seq = ANY(${published}::bigint[])`;
    // Retried after a short pause that grows with the attempts (up to 5 s);
    // the key stays busy until then, so later events of the same task wait behind it.
    if (failed.length > 0)
      await prisma.$executeRaw`
        UPDATE ${outbox}
        SET attempts = attempts + 1, last_error = ${lastError},
          claimed_until = now() + make_interval(secs => least(attempts + 1, 5))
        WHERE seq = ANY(${failed}::bigint[])`;
    // Where relay time goes: visible at debug level.
    const oldest = Math.min(...rows.map((row) => Date.parse(String(row.payload.time))));
    logger.debug(
      {
        events: rows.length,
        failed: failed.length,
        publishMs: Math.round(publishMs),
        markMs: Math.round(performance.now() - started - publishMs),
        oldestAgeMs: Date.now() - oldest,
      },
      'outbox batch',
    );
  }

  /** Claims and publishes batches until nothing is left. */
  async function pump(): Promise<number> {
    let total = 0;
    for (;;) {
      again = false;
      const rows = await claim();
      if (rows.length > 0)
        await publish(rows).catch((error) =>
          logger.warn({ err: error }, 'outbox marking failed; the rows are retried when their claim ends'),
        );
      total += rows.length;
      if (rows.length < batchSize && !again) return total;
    }
  }

  function run(): Promise<number> {
    if (pumping) {
      // A commit after the current claim started: claim once more before stopping.
      again = true;
      return pumping;
    }
    pumping = pump()
      .catch((error) => {
        logger.warn({ err: error }, 'outbox claim failed; the sweep will retry');
        return 0;
      })
      .finally(() => {
        pumping = undefined;
        // A commit that came after the last claim had already come back empty.
        if (again) void run();
      });
    return pumping;
  }

  let lastPrune = Number.NEGATIVE_INFINITY;

  /** Deletes published events past the retention, at most once per pruneEveryMs (prune-outbox.ts). */
  async function pruneIfDue(): Promise<void> {
    if (Date.now() - lastPrune < pruneEveryMs) return;
    lastPrune = Date.now();
    try {
      const publishedBefore = new Date(Date.now() - retentionHours * 3_600_000);
      const deleted = await prunePublishedEvents(prisma, table, { publishedBefore });
      if (deleted > 0) logger.info({ table, deleted, publishedBefore }, 'outbox pruned');
    } catch (error) {
      logger.warn({ err: error, table }, 'outbox prune failed; the next sweep retries');
    }
  }

  return {
    /** Call after a commit that recorded events. Never throws: the sweep is the safety net. */
    publishSoon(): void {
      void run();
    },
    /**
     * The sweep: publishes everything claimable now and returns how many were
     * claimed; then, at most once per pruneEveryMs, deletes what was published
     * longer ago than the retention.
     */
    async flush(): Promise<number> {
      const claimed = await run();
      await pruneIfDue();
      return claimed;
    },
    /** Waits for a publish in progress (shutdown). */
    async stop(): Promise<void> {
      await pumping;
    },
  };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
