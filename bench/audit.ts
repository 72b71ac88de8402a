// npm run bench:audit: how fast audit-agent turns task events into audit rows.
// 1. Throughput: 50,000 valid task events are bulk-published through a Dapr
//    sidecar onto task-events as fast as the broker takes them; the sustained
//    rate is events per second from the first publish to the last row stored.
// 2. Lag: tasks are created through tasks-api (via a sidecar) at a fixed rate;
//    the lag is audit row recorded_at minus the task change's commit time.
// 3. Ceilings (issue 21): PostgreSQL's own insert rate for the same rows
//    (pgbench, one row per statement and 500, audit-agent's bulk size), and
//    the same number of events bulk-published through a sidecar to a no-op
//    subscriber; the throughput as a share of each. BENCH_CEILING=0 skips them.
// Prints its figures; asserts nothing.
import { randomUUID } from 'node:crypto';
import { createPrismaClient } from '@taskmesh/db';
import { daprApiToken, localSecret, signUp } from '@taskmesh/testing';
import { insertCeiling, latencyLine, publishCeiling, ratioLine } from './ceilings';
import { cpuPhase } from './cpu';
import { percentile } from './load';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 50_000);
const BATCH = 500;
const LAG_RATE = Number(process.env.BENCH_AUDIT_LAG_RATE ?? 100);
const LAG_SECONDS = Number(process.env.BENCH_AUDIT_LAG_SECONDS ?? 20);
const PUBLISH = 'http://127.0.0.1:3501/v1.0-alpha1/publish/bulk/pubsub/task-events';

function taskCreated(runId: string, n: number) {
  const taskId = randomUUID();
  const ownerId = randomUUID();
  const now = new Date().toISOString();
  return {
    entryId: String(n),
    contentType: 'application/cloudevents+json',
    metadata: { partitionKey: taskId },
    event: {
      specversion: '1.0',
      id: `${runId}-${n}`,
      type: 'task.created',
      source: runId,
      subject: taskId,
      time: now,
      data: {
        taskId,
        userId: ownerId,
        actorId: ownerId,
        version: 1,
        occurredAt: now,
        after: {
          id: taskId,
          ownerId,
          title: `bench ${n}`,
          description: null,
          status: 'todo',
          priority: 'medium',
          tags: [],
          dueAt: null,
          timeZone: null,
          completedAt: null,
          deletedAt: null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        },
      },
    },
  };
}

async function main() {
  const prisma = createPrismaClient(localSecret('database-url'), { poolSize: 2 });
  const runId = `bench-audit-${Date.now()}`;
  const countStored = async () =>
    Number(
      (
        await prisma.$queryRaw<
          Array<{ n: bigint }>
        >`SELECT count(*) AS n FROM audit_agent.audit_entries WHERE source = ${runId}`
      )[0]?.n ?? 0,
    );

  console.log(`publishing ${EVENTS} task events in bulk batches of ${BATCH}`);
  const started = performance.now();
  const burstCpu = cpuPhase();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < EVENTS; i += BATCH) {
    const body = JSON.stringify(
      Array.from({ length: Math.min(BATCH, EVENTS - i) }, (_, j) => taskCreated(runId, i + j)),
    );
    inFlight.push(
      fetch(PUBLISH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'dapr-api-token': daprApiToken() },
        body,
      }).then(async (res) => {
        if (!res.ok) throw new Error(`bulk publish failed: ${res.status} ${await res.text()}`);
      }),
    );
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
  const published = performance.now();
  let stored = 0;
  while (stored < EVENTS && performance.now() - published < 300_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    stored = await countStored();
  }
  const done = performance.now();
  const burstCpuText = burstCpu('the burst (publish to stored row)', stored, 'event');
  const publishSeconds = (published - started) / 1000;
  const totalSeconds = (done - started) / 1000;

  // Let audit-agent finish publishing the burst to audit-logs, so the lag below
  // is measured on a steady system rather than behind a 50,000-event backlog.
  for (let i = 0; i < 240; i += 1) {
    const [pending] = await prisma.$queryRaw<
      Array<{ n: bigint }>
    >`SELECT count(*) AS n FROM audit_agent.audit_outbox_events WHERE published_at IS NULL`;
    if (Number(pending?.n ?? 0) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(`driving ${LAG_RATE} task creations/s through tasks-api for ${LAG_SECONDS} s`);
  // Ten users, so the per-user rate limit (1,200 a minute) is not what is measured.
  const users = await Promise.all(Array.from({ length: 10 }, () => signUp()));
  const lagStart = new Date();
  const creates: Promise<{ status: number }>[] = [];
  const t0 = performance.now();
  const lagCpu = cpuPhase();
  for (let i = 0; i < LAG_RATE * LAG_SECONDS; i += 1) {
    const wait = t0 + (i * 1000) / LAG_RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    creates.push((users[i % users.length] as (typeof users)[number]).api.post('tasks', { title: `lag ${i}` }));
  }
  // Only committed creations (201) make audit rows; a 429 is admission control refusing one.
  const statuses = new Map<number, number>();
  for (const { status } of await Promise.all(creates)) statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const statusText = [...statuses].map(([status, n]) => `${n} x ${status}`).join(', ');
  const expected = statuses.get(201) ?? 0;
  const lagCpuText = lagCpu(`${LAG_RATE} creations/s through tasks-api`, LAG_RATE * LAG_SECONDS, 'creation');
  let lags: number[] = [];
  for (let tries = 0; tries < 120; tries += 1) {
    const rows = await prisma.$queryRaw<Array<{ lag_ms: number }>>`
      SELECT EXTRACT(EPOCH FROM (recorded_at - occurred_at)) * 1000 AS lag_ms
      FROM audit_agent.audit_entries WHERE owner_id = ANY(${users.map((u) => u.id)}::uuid[]) AND occurred_at >= ${lagStart}`;
    lags = rows.map((r) => Number(r.lag_ms)).sort((a, b) => a - b);
    if (lags.length >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await prisma.$disconnect();
  const ceilingSeconds = Number(process.env.BENCH_CEILING_SECONDS ?? 15);
  const ceilings =
    process.env.BENCH_CEILING === '0'
      ? undefined
      : {
          single: insertCeiling({ seconds: ceilingSeconds, clients: 4, rowsPerStatement: 1 }),
          batched: insertCeiling({ seconds: ceilingSeconds, clients: 2, rowsPerStatement: 500 }),
          publish: await publishCeiling({ events: EVENTS, batch: BATCH, daprToken: daprApiToken() }),
        };

  console.log(
    '\naudit-agent benchmark (2 cores; Kafka, Postgres, every service and the load generator on one machine)',
  );
  console.log(`throughput: ${stored}/${EVENTS} events stored; published in ${publishSeconds.toFixed(1)} s,`);
  console.log(
    `            stored in ${totalSeconds.toFixed(1)} s from the first publish: ${(stored / totalSeconds).toFixed(0)} events/s sustained`,
  );
  console.log(
    `lag commit -> audit row at ${LAG_RATE}/s: ${lags.length}/${expected} rows; p50 ${percentile(lags, 50).toFixed(0)} ms, ` +
      `p95 ${percentile(lags, 95).toFixed(0)} ms, p99 ${percentile(lags, 99).toFixed(0)} ms (creations: ${statusText})`,
  );
  if (ceilings) {
    const { single, batched, publish } = ceilings;
    console.log(
      `\nceiling: PostgreSQL inserts the same rows (pgbench, ${ceilingSeconds} s each, a copy of audit_entries with its indexes):`,
    );
    console.log(`  one row per statement, 4 clients:  ${single.rowsPerSecond.toFixed(0)} rows/s`);
    console.log(
      `  500 rows per statement, 2 clients: ${batched.rowsPerSecond.toFixed(0)} rows/s (${batched.statementsPerSecond.toFixed(1)} statements/s)`,
    );
    console.log(
      `ceiling: ${EVENTS} events bulk-published through a sidecar to Kafka, bulk-delivered to a no-op subscriber: ${publish.eventsPerSecond.toFixed(0)} events/s; publish to delivery ${latencyLine(publish.latencies)}`,
    );
    const sustained = stored / totalSeconds;
    console.log(
      ratioLine(
        'publish to audit row, against publish to a no-op subscriber',
        sustained,
        publish.eventsPerSecond,
        'events/s',
      ),
    );
    console.log(
      ratioLine('publish to audit row, against single-row inserts', sustained, single.rowsPerSecond, 'rows/s'),
    );
    console.log(ratioLine('publish to audit row, against batched inserts', sustained, batched.rowsPerSecond, 'rows/s'));
  }
  console.log(`\n${burstCpuText}\n\n${lagCpuText}${ceilings ? `\n\n${ceilings.publish.cpuText}` : ''}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
