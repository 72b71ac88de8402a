import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient, TaskImportRow } from '@taskmesh/db';
import type { OutboxRelay } from '@taskmesh/outbox';
import { AppError, type Logger } from '@taskmesh/platform';
import { createImportRows, type ImportJob, type RowOutcome } from './import-batch';

export interface ImportRunnerOptions {
  prisma: PrismaClient;
  outbox: OutboxRelay;
  logger: Logger;
  /** Rows per transaction: each batch commits its tasks, its report and the job's counts together. */
  batchSize?: number;
  /**
   * How long a claim on a job lasts without a batch renewing it: a replica
   * that dies mid-import (or is killed) holds the job this long at most.
   */
  leaseSeconds?: number;
}

export interface ImportRunner {
  /** Runs the pending jobs, unless a run is under way (then it looks once more when done). */
  runSoon(): void;
  /** Finishes the batch under way and hands the job back, so a new process resumes it at once. */
  stop(): Promise<void>;
}

interface ClaimedJob extends ImportJob {
  token: string;
}

/** The claim was taken over (it lapsed while this replica was stalled): stop here, another one goes on. */
class LostClaim extends Error {}

/*
 * Imports run in the background of tasks-api, the only writer of tasks (issue
 * 20). A job is stored with its rows before POST /imports answers; runSoon()
 * starts it right away, and the outbox-sweep cron tick (every 2 s, on every
 * replica) calls runSoon() too, which is how a job left behind by a stopped or
 * crashed process resumes, here or on another replica, with no state kept in
 * memory. A job is claimed with a lease (claim_token, claimed_until) taken
 * with FOR UPDATE SKIP LOCKED; each batch renews it in its own transaction,
 * which also holds the job's row lock, so two replicas never run one batch.
 */
export function createImportRunner({
  prisma,
  outbox,
  logger,
  batchSize = 200,
  leaseSeconds = 30,
}: ImportRunnerOptions): ImportRunner {
  let running: Promise<void> | undefined;
  let again = false;
  let stopping = false;

  async function claim(): Promise<ClaimedJob | undefined> {
    const token = randomUUID();
    const [job] = await prisma.$queryRaw<Array<Omit<ClaimedJob, 'token'>>>`
      UPDATE tasks_api.imports AS i
         SET status = 'running', claim_token = ${token}::uuid,
             claimed_until = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
        FROM (SELECT id FROM tasks_api.imports
               WHERE status IN ('pending', 'running') AND (claimed_until IS NULL OR claimed_until < now())
               ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED) AS next, tasks_api.users AS u
       WHERE i.id = next.id AND u.id = i.owner_id
      RETURNING i.id, i.owner_id AS "ownerId", i.project_id AS "projectId", u.role::text AS role`;
    return job && { ...job, token };
  }

  /** Renews the lease in the batch's transaction; throws when another runner has the job now. */
  async function renew(tx: Prisma.TransactionClient, job: ClaimedJob) {
    const renewed = await tx.$executeRaw`
      UPDATE tasks_api.imports SET claimed_until = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
       WHERE id = ${job.id}::uuid AND claim_token = ${job.token}::uuid AND status = 'running'`;
    if (renewed === 0) throw new LostClaim();
  }

  /** One batch in one transaction: its tasks, its rows' outcomes and the job's counts commit together. */
  async function runBatch(job: ClaimedJob, rows: TaskImportRow[]): Promise<void> {
    await prisma.$transaction(
      async (tx) => {
        await renew(tx, job);
        const outcomes = await createImportRows(tx, job, rows);
        await record(tx, job, outcomes);
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }

  async function record(tx: Prisma.TransactionClient, job: ClaimedJob, outcomes: RowOutcome[]) {
    await tx.$executeRaw`
      UPDATE tasks_api.import_rows AS r SET status = o.status::tasks_api."ImportRowStatus", reason = o.reason,
             task_id = o.task_id::uuid, updated_at = now()
        FROM unnest(${outcomes.map((o) => o.row)}::int[], ${outcomes.map((o) => o.status)}::text[],
          ${outcomes.map((o) => o.reason ?? null)}::text[], ${outcomes.map((o) => o.taskId ?? null)}::text[])
          AS o(row, status, reason, task_id)
       WHERE r.import_id = ${job.id}::uuid AND r.row = o.row`;
    const created = outcomes.filter((o) => o.status === 'created').length;
    await tx.$executeRaw`
      UPDATE tasks_api.imports
         SET processed = processed + ${outcomes.length}, created = created + ${created},
             skipped = skipped + ${outcomes.length - created}, updated_at = now()
       WHERE id = ${job.id}::uuid`;
  }

  /**
   * A batch that fails as a whole (a row the database refuses aborts its
   * transaction) is run again a row at a time, so one bad row is skipped
   * with a reason and never stops the rest.
   */
  async function runRows(job: ClaimedJob, rows: TaskImportRow[]): Promise<void> {
    try {
      await runBatch(job, rows);
      return;
    } catch (error) {
      if (error instanceof LostClaim || (error instanceof AppError && isPlacement(error))) throw error;
      if (rows.length === 1) {
        const [row] = rows as [TaskImportRow];
        logger.warn({ err: error, importId: job.id, row: row.row }, 'import row failed; skipped');
        const reason = error instanceof AppError ? error.message : 'could not be saved';
        await prisma.$transaction(async (tx) => {
          await renew(tx, job);
          await record(tx, job, [{ row: row.row, status: 'skipped', reason }]);
        });
        return;
      }
    }
    for (const row of rows) await runRows(job, [row]);
  }

  async function runJob(job: ClaimedJob): Promise<void> {
    for (;;) {
      if (stopping) {
        // Handed back: the next process (or replica) resumes it without waiting for the lease.
        await prisma.$executeRaw`
          UPDATE tasks_api.imports SET claimed_until = NULL, claim_token = NULL, updated_at = now()
           WHERE id = ${job.id}::uuid AND claim_token = ${job.token}::uuid`;
        return;
      }
      const rows = await prisma.taskImportRow.findMany({
        where: { importId: job.id, status: 'pending' },
        orderBy: { row: 'asc' },
        take: batchSize,
      });
      if (rows.length === 0) {
        await prisma.$executeRaw`
          UPDATE tasks_api.imports SET status = 'done', claimed_until = NULL, claim_token = NULL,
                 finished_at = now(), updated_at = now()
           WHERE id = ${job.id}::uuid AND claim_token = ${job.token}::uuid`;
        return;
      }
      try {
        await runRows(job, rows);
      } catch (error) {
        if (error instanceof LostClaim) return;
        // The project is gone or no longer theirs: no later row can go there either.
        await prisma.$executeRaw`
          UPDATE tasks_api.imports SET status = 'failed', error = ${(error as Error).message},
                 claimed_until = NULL, claim_token = NULL, finished_at = now(), updated_at = now()
           WHERE id = ${job.id}::uuid AND claim_token = ${job.token}::uuid`;
        return;
      }
      outbox.publishSoon();
    }
  }

  async function runAll(): Promise<void> {
    do {
      again = false;
      for (let job = await claim(); job && !stopping; job = await claim()) await runJob(job);
    } while (again && !stopping);
  }

  return {
    runSoon() {
      if (stopping) return;
      if (running) {
        again = true;
        return;
      }
      running = runAll()
        .catch((error) => logger.error({ err: error }, 'import run failed; the sweep retries it'))
        .finally(() => {
          running = undefined;
        });
    },
    async stop() {
      stopping = true;
      await running;
    },
  };
}

/** The import's project refused the owner (deleted, or their access taken away): placeTask's 404/403. */
const isPlacement = (error: AppError) => error.status === 404 || error.status === 403;
