import { Component } from '@taskmesh/contracts';
import { Prisma, type PrismaClient } from '@taskmesh/db';
import type { DaprClient, Logger } from '@taskmesh/platform';
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
}

/**
 * Publishes outbox events through Dapr. `publishSoon()` runs right after a
 * commit; the outbox-sweep cron binding calls `flush()` to publish whatever is left (the sidecar or the
 * broker was down, or the process died between commit and publish), so
 * nothing committed stays unpublished. Rows are claimed with FOR UPDATE SKIP
 * LOCKED, so several replicas never publish the same row at the same time.
 */
export function createOutboxRelay({ prisma, table, dapr, logger, batchSize }: OutboxRelayOptions) {
  const outbox = Prisma.raw(table);
  let running: Promise<number> | undefined;
  let again = false;

  async function publishBatch(): Promise<number> {
    const t0 = performance.now();
    let t1 = 0;
    let t2 = 0;
    const result = await prisma.$transaction(
      async (tx) => {
        t1 = performance.now();
        const rows = await tx.$queryRaw<PendingEvent[]>`
          SELECT seq, id::text AS id, topic, partition_key, payload
          FROM ${outbox}
          WHERE published_at IS NULL
          ORDER BY seq
          LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED`;
        // One bulk publish per topic, in outbox order within each topic (one
        // task's events share a topic's partition, so their order holds).
        const byTopic = new Map<string, PendingEvent[]>();
        for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
        const published: bigint[] = [];
        // Topics in parallel: each keeps its own order, and one slow topic does not hold the other.
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
              // Left unpublished: the next relay run or the sweep retries them
              // (consumers drop any duplicate of a partly published batch by event id).
              const seqs = events.map((row) => row.seq);
              await tx.$executeRaw`
              UPDATE ${outbox} SET attempts = attempts + 1, last_error = ${(error as Error).message.slice(0, 1000)}
              WHERE seq = ANY(${seqs}::bigint[])`;
              logger.warn({ err: error, topic, events: events.length }, 'outbox publish failed; the sweep will retry');
            }
          }),
        );
        t2 = performance.now();
        if (published.length > 0) {
          await tx.$executeRaw`UPDATE ${outbox} SET published_at = now() WHERE seq = ANY(${published}::bigint[])`;
        }
        return published.length === rows.length && rows.length === batchSize ? rows.length : -rows.length;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    // Where relay time goes (connection and BEGIN, broker publish, total): visible at debug level.
    logger.debug(
      {
        events: Math.abs(result),
        beginMs: Math.round(t1 - t0),
        publishMs: Math.round(t2 - t1),
        totalMs: Math.round(performance.now() - t0),
      },
      'outbox batch',
    );
    return result;
  }

  /** Drains the outbox: full batches are followed by another batch straight away. */
  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await publishBatch();
      total += Math.abs(result);
      if (result <= 0) return total;
    }
  }

  function run(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = drain()
      .catch((error) => {
        logger.warn({ err: error }, 'outbox relay failed; the sweep will retry');
        return 0;
      })
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          void run();
        }
      });
    return running;
  }

  return {
    /** Call after a commit that recorded events. Never throws: the sweep is the safety net. */
    publishSoon(): void {
      void run();
    },
    /** Publishes everything pending now (the sweep). */
    flush: run,
    /** Waits for a publish in progress (shutdown). */
    async stop(): Promise<void> {
      await running;
    },
  };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
