// npm run bench:realtime: how fast task changes reach open sockets.
// 1,000 users, each with one task. Phase 1 opens 1,000 sockets (one per
// user), phase 2 10,000 (ten per user, as tabs and devices). In each phase
// 100 task updates per second go through tasks-api (via a Dapr sidecar) for
// 30 s; every socket of the task's owner must receive each one. Latency =
// receipt on the socket minus the task's updatedAt (set in the committing
// transaction). Only committed updates (200) are expected; refusals (429,
// admission control) are counted by status. After each phase a barrier, one
// more update per task, must reach every socket of its owner before the
// phase's deliveries are counted: lost and duplicated are then exact, not
// guessed from a wait. Also prints realtime-sync's memory per connection.
// Then, per phase, the ceiling (issue 21): socket.io alone with the same
// sockets, rooms, rate and payload shape (bench/fanout-server), and the ratio
// of its p99 to ours (BENCH_CEILING=0 skips it). Prints its figures; asserts
// nothing.
import { Agent, request } from 'node:http';
import { daprApiToken, runFileApps, signUp, type TestUser } from '@taskmesh/testing';
import { io, type Socket } from 'socket.io-client';
import { fanoutCeiling } from './ceilings';
import { cpuPhase } from './cpu';
import { percentile } from './load';

const USERS = Number(process.env.BENCH_REALTIME_USERS ?? 1_000);
const PHASES = (process.env.BENCH_REALTIME_SOCKETS ?? '1000,10000').split(',').map(Number);
const RATE = Number(process.env.BENCH_REALTIME_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_REALTIME_SECONDS ?? 30);
const realtime = runFileApps().find((a) => a.appID === 'realtime-sync');
const SOCKET_URL = `http://127.0.0.1:${realtime?.appPort ?? 3105}`;
const STATS_URL = `http://127.0.0.1:${realtime?.daprHTTPPort ?? 3505}/v1.0/invoke/realtime-sync/method/stats`;
const API = 'http://127.0.0.1:3500/v1.0/invoke/tasks-api/method';
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const log = (message: string) => console.log(`[bench:realtime] ${message}`);

/** The PATCH's status and, when it committed, the task's new version. */
function patch(user: TestUser, taskId: string, body: unknown): Promise<{ status: number; version?: number }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      `${API}/tasks/${taskId}`,
      {
        method: 'PATCH',
        agent,
        headers: {
          authorization: `Bearer ${user.accessToken}`,
          'dapr-api-token': daprApiToken(),
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status !== 200) return resolve({ status });
          resolve({ status, version: (JSON.parse(Buffer.concat(chunks).toString()) as { version: number }).version });
        });
      },
    );
    req.on('error', () => resolve({ status: 0 }));
    req.end(payload);
  });
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

const memory = async () =>
  (
    (await (await fetch(STATS_URL, { headers: { 'dapr-api-token': daprApiToken() } })).json()) as {
      memory: { rss: number; heapUsed: number };
    }
  ).memory;

/** Each phase's CPU by process (issue 21), printed after the table. */
const cpuTexts: string[] = [];

const BARRIER_TITLE = 'barrier';
const BARRIER_WAIT_MS = 120_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One committed update per task (retried while refused); resolves with each task's barrier version. */
async function sendBarrier(targets: Array<{ user: TestUser; taskId: string }>): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  await pool(targets, 16, async ({ user, taskId }) => {
    for (;;) {
      const { status, version } = await patch(user, taskId, { title: BARRIER_TITLE });
      if (status === 200 && version !== undefined) return void versions.set(taskId, version);
      await sleep(1000); // 429's Retry-After
    }
  });
  return versions;
}

async function main() {
  log(`signing up ${USERS} users with one task each`);
  const users: Array<{ user: TestUser; taskId: string }> = [];
  await pool(
    Array.from({ length: USERS }, (_, i) => i),
    8,
    async (i) => {
      const user = await signUp();
      const created = await user.api.post('tasks', { title: `rt-${i}` });
      users.push({ user, taskId: created.body.id });
    },
  );
  const results: string[] = [];
  /** Each phase's p99, for the ceiling's ratio. */
  const p99s = new Map<number, number>();
  // Memory per connection against the service before any socket: rss does not
  // shrink back after a phase's sockets close, so a later phase's own "before" would flatter it.
  const before = await memory();
  for (const sockets of PHASES) {
    log(`opening ${sockets} sockets`);
    // (taskId) -> sockets of its owner; (taskId:version) -> receipts
    const received = new Map<string, number>();
    const latencies: number[] = [];
    const open: Socket[] = [];
    const ownerSockets = new Map<string, number>();
    await pool(
      Array.from({ length: sockets }, (_, i) => i),
      50,
      async (i) => {
        const { user, taskId } = users[i % users.length] as { user: TestUser; taskId: string };
        const socket = io(SOCKET_URL, { auth: { token: user.accessToken }, transports: ['websocket'], forceNew: true });
        socket.on('task', (update: { taskId: string; version: number; task: { title: string; updatedAt: string } }) => {
          const key = `${update.taskId}:${update.version}`;
          received.set(key, (received.get(key) ?? 0) + 1);
          if (update.task.title !== BARRIER_TITLE) latencies.push(Date.now() - Date.parse(update.task.updatedAt));
        });
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        open.push(socket);
        ownerSockets.set(taskId, (ownerSockets.get(taskId) ?? 0) + 1);
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const connected = await memory();
    log(`${open.length} sockets open; driving ${RATE} updates/s for ${SECONDS} s`);
    latencies.length = 0;
    const expected = new Map<string, number>();
    const start = performance.now();
    const phaseCpu = cpuPhase();
    const inFlight: Promise<void>[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < RATE * SECONDS; i += 1) {
      const wait = start + (i * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      const target = users[i % users.length] as { user: TestUser; taskId: string };
      const count = ownerSockets.get(target.taskId);
      if (!count) continue;
      inFlight.push(
        (async () => {
          const { status, version } = await patch(target.user, target.taskId, { title: `update-${i}` });
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (version !== undefined) expected.set(`${target.taskId}:${version}`, count);
        })(),
      );
    }
    await Promise.all(inFlight);
    cpuTexts.push(phaseCpu(`${RATE} updates/s to ${open.length} sockets`, RATE * SECONDS, 'update'));
    // The barrier: updates of one task reach its sockets in order, so once every
    // owner socket has its task's barrier version, whatever has not arrived is lost.
    const targets = users.filter(({ taskId }) => ownerSockets.has(taskId));
    const barrier = await sendBarrier(targets);
    const barrierStart = Date.now();
    const barrierReached = () =>
      [...barrier].every(
        ([taskId, version]) => (received.get(`${taskId}:${version}`) ?? 0) >= (ownerSockets.get(taskId) ?? 0),
      );
    while (!barrierReached() && Date.now() - barrierStart < BARRIER_WAIT_MS) await sleep(100);
    const reached = barrierReached();
    let lost = 0;
    let duplicated = 0;
    for (const [key, count] of expected) {
      const got = received.get(key) ?? 0;
      if (got < count) lost += count - got;
      if (got > count) duplicated += got - count;
    }
    const sent = statuses.get(200) ?? 0;
    const deliveries = [...expected.values()].reduce((a, b) => a + b, 0);
    const statusText = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${n} x ${status || 'no answer'}`)
      .join(', ');
    latencies.sort((a, b) => a - b);
    p99s.set(sockets, percentile(latencies, 99));
    const perConnection = (connected.rss - before.rss) / Math.max(1, open.length);
    const line =
      `${String(open.length).padEnd(8)} ${String(sent).padEnd(8)} ${String(deliveries).padEnd(11)} ${percentile(latencies, 50)} / ${percentile(latencies, 95)} / ${percentile(latencies, 99)} ms`.padEnd(
        60,
      );
    results.push(
      `${line} lost ${lost}  duplicated ${duplicated}  statuses ${statusText}${reached ? '' : `  BARRIER NOT REACHED in ${BARRIER_WAIT_MS / 1000} s: lost counts deliveries still on their way`}  memory ${(perConnection / 1024).toFixed(1)} KiB/connection (rss ${(connected.rss / 1048576).toFixed(0)} MiB)`,
    );
    log(results.at(-1) as string);
    for (const socket of open) socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
  console.log('');
  console.log(`Realtime: ${RATE} updates/s for ${SECONDS} s through tasks-api, ${USERS} users`);
  console.log('sockets  updates  deliveries  latency p50 / p95 / p99');
  for (const line of results) console.log(line);
  for (const text of cpuTexts) console.log(`\n${text}`);
  if (process.env.BENCH_CEILING !== '0') {
    console.log(`\nCeiling: socket.io alone (no tasks-api, Kafka or sidecar), ${RATE} updates/s for ${SECONDS} s`);
    console.log('sockets  deliveries  latency p50 / p95 / p99   lost   ratio (ceiling p99 / our p99; target >= 0.5)');
    const ceilingCpu: string[] = [];
    for (const sockets of PHASES) {
      const c = await fanoutCeiling({ sockets, rooms: USERS, rate: RATE, seconds: SECONDS });
      const p99 = percentile(c.latencies, 99);
      const ours = p99s.get(sockets) ?? Number.NaN;
      console.log(
        `${String(sockets).padEnd(8)} ${String(c.received).padEnd(11)} ${percentile(c.latencies, 50)} / ${percentile(c.latencies, 95)} / ${p99} ms`.padEnd(
          48,
        ) + `${String(Math.max(0, c.expected - c.received)).padEnd(6)} ${(Math.max(p99, 1) / ours).toFixed(2)}`,
      );
      ceilingCpu.push(c.cpuText);
    }
    for (const text of ceilingCpu) console.log(`\n${text}`);
  }
  agent.destroy();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
