import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';

type Db = PrismaClient | Prisma.TransactionClient;

/** At most `limit` counted attempts per key in a fixed window of `windowSeconds`. */
export interface ThrottleRule {
  /** Names the counter (a row's `rule`); one rule per thing counted. */
  name: string;
  limit: number;
  windowSeconds: number;
  /** The 429's detail: says what to wait for, never whether an account exists. */
  refusal: string;
}

const keyHash = (key: string) => createHash('sha256').update(key).digest('hex');

/*
 * Issue 15: these counters are security limits (sign-in guessing, mail
 * bombing), so every replica must share them: with per-process buckets (as
 * packages/platform rate-limit.ts keeps for request volume) N replicas would
 * allow N times the guesses. They live in tasks-api's PostgreSQL rather than
 * the Dapr state store: one upsert counts atomically, so concurrent guesses
 * cannot slip past the limit (the state store only offers an ETag-checked
 * read-then-write: two sidecar round trips and retries under exactly the
 * contention an attack creates), and tasks-api already holds the connection.
 */

/**
 * Counts one attempt against `rule` for `key` before the attempt's work is
 * done (so concurrent attempts cannot all pass). `allowed` is false once over
 * the limit; `retryAfter` is the seconds until the window ends.
 */
export async function countAttempt(
  db: Db,
  rule: ThrottleRule,
  key: string,
): Promise<{ allowed: boolean; retryAfter: number }> {
  const [row] = await db.$queryRaw<Array<{ hits: number; retry_after: number }>>`
    INSERT INTO tasks_api.auth_throttles AS t (rule, key_hash, hits, window_ends_at, updated_at)
    VALUES (${rule.name}, ${keyHash(key)}, 1, now() + make_interval(secs => ${rule.windowSeconds}), now())
    ON CONFLICT (rule, key_hash) DO UPDATE SET
      hits = CASE WHEN t.window_ends_at <= now() THEN 1 ELSE t.hits + 1 END,
      window_ends_at = CASE WHEN t.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE t.window_ends_at END,
      updated_at = now()
    RETURNING t.hits, ceil(extract(epoch FROM t.window_ends_at - now()))::int AS retry_after`;
  return { allowed: !row || row.hits <= rule.limit, retryAfter: Math.max(1, row?.retry_after ?? 1) };
}

/** countAttempt, refusing the attempt with 429 and Retry-After once over the limit. */
export async function takeAttempt(db: Db, rule: ThrottleRule, key: string): Promise<void> {
  const { allowed, retryAfter } = await countAttempt(db, rule, key);
  if (!allowed)
    throw new AppError(ErrorCode.rateLimited, rule.refusal, { headers: { 'retry-after': String(retryAfter) } });
}

/** Un-counts one attempt that turned out fine (a correct password from a shared address). */
export async function giveBackAttempt(db: Db, rule: ThrottleRule, key: string): Promise<void> {
  await db.$executeRaw`
    UPDATE tasks_api.auth_throttles SET hits = greatest(hits - 1, 0), updated_at = now()
    WHERE rule = ${rule.name} AND key_hash = ${keyHash(key)}`;
}

/** Forgets every attempt counted for `key` (the account's owner proved who they are). */
export async function clearAttempts(db: Db, rule: ThrottleRule, key: string): Promise<void> {
  await db.$executeRaw`DELETE FROM tasks_api.auth_throttles WHERE rule = ${rule.name} AND key_hash = ${keyHash(key)}`;
}

/** The sweep: counters whose window has ended count nothing any more. */
export async function deleteEndedThrottles(db: Db): Promise<void> {
  await db.$executeRaw`DELETE FROM tasks_api.auth_throttles WHERE window_ends_at < now()`;
}
