import { Prisma, type PrismaClient } from '@taskmesh/db';
import { z } from 'zod';
import type { OutboxTable } from './record-events';

/**
 * How long a service keeps events it has published (each publishing
 * service's env.ts spreads this in). Consumers deduplicate by event id in
 * their own tables, so nothing reads a published row again; it is kept a
 * while for operators (what did tasks-api publish for this task an hour
 * ago?) and then deleted, so the outbox does not grow without bound.
 */
export const outboxEnv = {
  OUTBOX_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 365)
    .default(24),
};

export interface PruneOptions {
  /** Published before this instant: deleted. */
  publishedBefore: Date;
  /** Rows one statement looks at (from the oldest): each DELETE stays short. */
  batchSize?: number;
  /** Statements one prune runs at most: a prune after a long pause stays bounded too, the next one goes on. */
  maxBatches?: number;
}

/**
 * Deletes published events older than the retention from an outbox table,
 * oldest first, and returns how many. Each statement looks at the first
 * `batchSize` rows in publication order only (the primary key, no scan of
 * the table), and deletes those of them published before the cut; an event
 * not yet published is never deleted, and rows behind it are deleted around
 * it. So the work is bounded whatever the table holds; a prune stops at the
 * first batch with nothing left to delete.
 */
export async function prunePublishedEvents(
  prisma: PrismaClient,
  table: OutboxTable,
  { publishedBefore, batchSize = 5_000, maxBatches = 20 }: PruneOptions,
): Promise<number> {
  const outbox = Prisma.raw(table);
  let total = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const deleted = await prisma.$executeRaw`
      DELETE FROM ${outbox} WHERE seq IN (
        SELECT seq FROM (SELECT seq, published_at FROM ${outbox} ORDER BY seq LIMIT ${batchSize}) AS oldest
        WHERE published_at < ${publishedBefore})`;
    total += deleted;
    if (deleted === 0) break;
  }
  return total;
}
