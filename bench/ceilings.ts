// The ceilings of each benchmarked path (issue 21), measured in the same run
// on the same machine, so a figure can be read as a share of what this
// machine allows for that path rather than against a number from elsewhere.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localSecret, repoRoot, startSidecar, taskmeshHome, waitFor } from '@taskmesh/testing';
import { cpuPhase } from './cpu';
import { io, type Socket } from 'socket.io-client';
import { type BenchRequest, fixedRate, maxRate, type PhaseResult, percentile } from './load';

const noop = { appId: 'bench-noop', appPort: 3195, httpPort: 3595, grpcPort: 3695, internalGrpcPort: 3795 };

/**
 * The no-op app's sidecar Configuration: tasks-api's shipped one (tracing,
 * metrics, mTLS, name resolution: the same sidecar work per call), with no
 * secrets and one policy, web may call it.
 */
function noopConfig(): string {
  const shipped = readFileSync(path.join(repoRoot, 'dapr-components', 'config', 'tasks-api.yaml'), 'utf8');
  const settings = shipped.slice(0, shipped.indexOf('  secrets:')).replace('name: tasks-api', `name: ${noop.appId}`);
  const file = path.join(os.tmpdir(), `taskmesh-${noop.appId}.yaml`);
  writeFileSync(
    file,
    `${settings}  accessControl:
    defaultAction: deny
    trustDomain: public
    policies:
      - appId: web
        defaultAction: allow
        trustDomain: public
        namespace: default
`,
  );
  return file;
}

/**
 * Service invocation's ceiling: a no-op app behind its own sidecar, called
 * through web's sidecar exactly as the API benchmark calls tasks-api (same
 * hop, same tokens), at the benchmark's fixed rate and at its maximum.
 */
export async function invocationCeiling(options: {
  rate: number;
  seconds: number;
  concurrency: number;
  maxSeconds: number;
  daprToken: string;
}): Promise<{ fixed: PhaseResult; max: PhaseResult }> {
  const sidecar = await startSidecar({
    appId: noop.appId,
    httpPort: noop.httpPort,
    grpcPort: noop.grpcPort,
    internalGrpcPort: noop.internalGrpcPort,
    app: { dir: 'bench/noop-app', port: noop.appPort },
    configPath: noopConfig(),
  });
  try {
    const base = `http://127.0.0.1:3500/v1.0/invoke/${noop.appId}/method`;
    const next = (): BenchRequest => ({
      op: 'no-op',
      method: 'GET',
      path: '/noop',
      headers: { 'dapr-api-token': options.daprToken },
    });
    // Until web's sidecar resolves the new app id (name resolution is read, not pushed).
    await waitFor(
      `${noop.appId} through web's sidecar`,
      async () => {
        const probe = await fetch(`${base}/noop`, { headers: next().headers }).catch(() => undefined);
        return probe?.status === 200 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await fixedRate('warm-up', base, options.rate, 5, next);
    const fixed = await fixedRate(`ceiling: no-op app @${options.rate}/s`, base, options.rate, options.seconds, next);
    const max = await maxRate(
      `ceiling: no-op app max (${options.concurrency})`,
      base,
      options.concurrency,
      options.maxSeconds,
      next,
    );
    return { fixed, max };
  } finally {
    sidecar.stop();
  }
}

/** "figure / ceiling = ratio" for one path, the line the README's tables take. */
export function ratioLine(path: string, figure: number, ceiling: number, unit: string): string {
  const ratio = ceiling > 0 ? figure / ceiling : Number.NaN;
  return `${path}: ${figure.toFixed(0)} ${unit} of a ceiling of ${ceiling.toFixed(0)} ${unit} = ${ratio.toFixed(2)} (target >= 0.5)`;
}

/** PostgreSQL's own tools, of the major version infra/versions.env pins. */
function pgTool(name: string): string {
  return `/usr/lib/postgresql/${pinned('POSTGRES_MAJOR')}/bin/${name}`;
}

/** libpq's environment for the stack's database (the admin URL the tests use). */
function pgEnv(): NodeJS.ProcessEnv {
  const url = new URL(localSecret('database-url'));
  return {
    ...process.env,
    PGHOST: url.hostname,
    PGPORT: url.port,
    PGUSER: decodeURIComponent(url.username),
    PGPASSWORD: decodeURIComponent(url.password),
    PGDATABASE: url.pathname.slice(1),
  };
}

function psql(sql: string): void {
  const run = spawnSync(pgTool('psql'), ['-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], {
    env: pgEnv(),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`psql failed: ${run.stderr}`);
}

/** One audit row as audit-agent stores it: a task change with a before and an after. */
const auditRow = `gen_random_uuid()::text, 'task.updated', 'bench-ceiling', gen_random_uuid(), gen_random_uuid(),
  gen_random_uuid(), gen_random_uuid()::text, 2, now(),
  '{"title":"Water the plants","priority":"low"}'::jsonb, '{"title":"Water the plants","priority":"high"}'::jsonb`;
const auditColumns =
  'event_id, event_type, source, task_id, project_id, owner_id, actor_id, task_version, occurred_at, before, after';

/**
 * PostgreSQL's own insert rate for audit rows (pgbench, same machine, same
 * server as the stack): a copy of audit_entries with all its indexes, in a
 * schema of its own that is dropped afterwards. `rowsPerStatement` 1 is the
 * single-row rate; audit-agent writes one statement per bulk delivery, so the
 * batched figure is the fair ceiling for its throughput.
 */
export function insertCeiling(options: { seconds: number; clients: number; rowsPerStatement: number }): {
  rowsPerSecond: number;
  statementsPerSecond: number;
} {
  psql(`DROP SCHEMA IF EXISTS bench_ceiling CASCADE; CREATE SCHEMA bench_ceiling;
    CREATE TABLE bench_ceiling.audit_entries (LIKE audit_agent.audit_entries INCLUDING INDEXES INCLUDING CONSTRAINTS);
    ALTER TABLE bench_ceiling.audit_entries ALTER id ADD GENERATED BY DEFAULT AS IDENTITY,
      ALTER recorded_at SET DEFAULT now();`);
  try {
    const statement =
      options.rowsPerStatement === 1
        ? `INSERT INTO bench_ceiling.audit_entries (${auditColumns}) VALUES (${auditRow}) ON CONFLICT (event_id) DO NOTHING;`
        : `INSERT INTO bench_ceiling.audit_entries (${auditColumns}) SELECT ${auditRow}
             FROM generate_series(1, ${options.rowsPerStatement}) ON CONFLICT (event_id) DO NOTHING;`;
    const script = path.join(os.tmpdir(), `taskmesh-bench-insert-${options.rowsPerStatement}.sql`);
    writeFileSync(script, `${statement.replace(/\s+/g, ' ')}\n`);
    const run = spawnSync(
      pgTool('pgbench'),
      ['-n', '-M', 'prepared', '-c', String(options.clients), '-j', '2', '-T', String(options.seconds), '-f', script],
      { env: pgEnv(), encoding: 'utf8' },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(run.stdout)?.[1];
    if (run.status !== 0 || !tps) throw new Error(`pgbench failed: ${run.stderr || run.stdout}`);
    return { statementsPerSecond: Number(tps), rowsPerSecond: Number(tps) * options.rowsPerStatement };
  } finally {
    psql('DROP SCHEMA IF EXISTS bench_ceiling CASCADE;');
  }
}

/** A version infra/versions.env pins. */
function pinned(name: string): string {
  const value = new RegExp(`^${name}=(.+)$`, 'm').exec(
    readFileSync(path.join(repoRoot, 'infra', 'versions.env'), 'utf8'),
  )?.[1];
  if (!value) throw new Error(`${name} missing from infra/versions.env`);
  return value.trim();
}

const ceilingTopic = 'bench-ceiling';

/** Creates the ceiling's topic (3 partitions like task-events, kept an hour) with the stack's own topic tool. */
function createCeilingTopic(brokers: string): void {
  const tsv = path.join(os.tmpdir(), 'taskmesh-bench-topics.tsv');
  writeFileSync(tsv, `${ceilingTopic}\t3\t1h\n`);
  const kafkaHome = path.join(taskmeshHome(), 'kafka', pinned('KAFKA_VERSION'));
  const run = spawnSync(
    'java',
    [
      `-Dlog4j.configuration=file:${path.join(repoRoot, 'infra', 'kafka', 'log4j-tools.properties')}`,
      ...['-cp', path.join(kafkaHome, 'libs', '*')],
      path.join(repoRoot, 'infra', 'kafka', 'CreateTopics.java'),
      brokers,
      tsv,
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`creating ${ceilingTopic} failed: ${run.stderr}`);
}

/**
 * Pub/sub's ceiling: events bulk-published through a sidecar onto Kafka and
 * bulk-delivered to a no-op subscriber (the no-op app), the path audit-agent's
 * events take without audit-agent's work. The component is the stack's
 * pubsub.yaml (same broker, same client settings) under another name, scoped
 * to the no-op app, with a consumer group of this run starting at the newest
 * offset; a probe event that arrives is the barrier before measuring.
 */
export async function publishCeiling(options: { events: number; batch: number; daprToken: string }): Promise<{
  eventsPerSecond: number;
  latencies: number[];
  cpuText: string;
}> {
  const runId = `ceiling-${Date.now()}`;
  const shipped = readFileSync(path.join(repoRoot, 'dapr-components', 'pubsub.yaml'), 'utf8');
  const brokers = /- name: brokers\s+value: "([^"]+)"/.exec(shipped)?.[1];
  if (!brokers) throw new Error('no brokers in dapr-components/pubsub.yaml');
  createCeilingTopic(brokers);
  const component = shipped
    .replace(/^ {2}name: pubsub$/m, '  name: bench-pubsub')
    .replace('value: "{appID}"', `value: "${noop.appId}-${runId}"`)
    .replace(/(- name: initialOffset\s+value: )"oldest"/, '$1"newest"')
    .replace(/^scopes:[\s\S]*$/m, `scopes:\n  - ${noop.appId}\n`);
  const resources = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-bench-components-'));
  writeFileSync(path.join(resources, 'pubsub.yaml'), component);
  const sidecar = await startSidecar({
    appId: noop.appId,
    httpPort: noop.httpPort,
    grpcPort: noop.grpcPort,
    internalGrpcPort: noop.internalGrpcPort,
    app: {
      dir: 'bench/noop-app',
      port: noop.appPort,
      env: { BENCH_PUBSUB: 'bench-pubsub', BENCH_TOPIC: ceilingTopic },
    },
    configPath: noopConfig(),
    resourcesPath: resources,
  });
  const headers = { 'content-type': 'application/json', 'dapr-api-token': options.daprToken };
  const sidecarUrl = `http://127.0.0.1:${noop.httpPort}`;
  const app = `http://127.0.0.1:${noop.appPort}`;
  const stats = async () => (await (await fetch(`${app}/stats`)).json()) as { received: number; latencies: number[] };
  try {
    await waitFor(
      'a probe event to reach the no-op subscriber',
      async () => {
        await fetch(`${sidecarUrl}/v1.0/publish/bench-pubsub/${ceilingTopic}`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ probe: runId }),
        });
        return (await stats()).received > 0 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    );
    // Probes still on their way would count as measured events: wait for quiet, then reset.
    let seen = -1;
    for (let now = (await stats()).received; now !== seen; now = (await stats()).received) {
      seen = now;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    await fetch(`${app}/stats/reset`, { method: 'POST' });

    const cpu = cpuPhase();
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < options.events; i += options.batch) {
      const entries = Array.from({ length: Math.min(options.batch, options.events - i) }, (_, j) => ({
        entryId: String(i + j),
        contentType: 'application/json',
        event: { n: i + j, sentAt: Date.now() },
      }));
      inFlight.push(
        fetch(`${sidecarUrl}/v1.0-alpha1/publish/bulk/bench-pubsub/${ceilingTopic}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(entries),
        }).then(async (res) => {
          if (!res.ok) throw new Error(`bulk publish failed: ${res.status} ${await res.text()}`);
        }),
      );
      if (inFlight.length >= 4) await inFlight.shift();
    }
    await Promise.all(inFlight);
    let got = await stats();
    while (got.received < options.events && performance.now() - started < 300_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      got = await stats();
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      eventsPerSecond: got.received / seconds,
      latencies: [...got.latencies].sort((a, b) => a - b),
      cpuText: cpu('the ceiling (bulk publish to a no-op subscriber)', got.received, 'event'),
    };
  } finally {
    sidecar.stop();
    rmSync(resources, { recursive: true, force: true });
  }
}

/** p50/p95/p99 of sorted latencies, in ms. */
export function latencyLine(sorted: number[]): string {
  return `p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms`;
}

/**
 * Realtime fan-out's ceiling: socket.io alone (bench/fanout-server, no
 * upstream), the same number of sockets in the same per-user rooms, the same
 * update rate and a payload of the same shape. Latency: receipt minus the
 * server's send time.
 */
export async function fanoutCeiling(options: {
  sockets: number;
  rooms: number;
  rate: number;
  seconds: number;
}): Promise<{
  latencies: number[];
  expected: number;
  received: number;
  cpuText: string;
}> {
  const port = 3196;
  const server = spawn('node', ['--import', 'tsx', 'src/server.ts'], {
    cwd: path.join(repoRoot, 'bench', 'fanout-server'),
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const open: Socket[] = [];
  try {
    await waitFor('the fan-out server', async () =>
      (await fetch(`${url}/`).catch(() => undefined))?.status === 404 ? true : undefined,
    );
    const perRoom = new Map<number, number>();
    const latencies: number[] = [];
    let received = 0;
    for (let i = 0; i < options.sockets; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, options.sockets - i) }, async (_, j) => {
          const room = (i + j) % options.rooms;
          const socket = io(url, { auth: { room: `user:${room}` }, transports: ['websocket'], forceNew: true });
          socket.on('task', (update: { task: { updatedAt: string } }) => {
            received += 1;
            latencies.push(Date.now() - Date.parse(update.task.updatedAt));
          });
          await new Promise<void>((resolve, reject) => {
            socket.once('connect', () => resolve());
            socket.once('connect_error', reject);
          });
          open.push(socket);
          perRoom.set(room, (perRoom.get(room) ?? 0) + 1);
        }),
      );
    }
    let expected = 0;
    for (let i = 0; i < options.rate * options.seconds; i += 1) expected += perRoom.get(i % options.rooms) ?? 0;
    const cpu = cpuPhase();
    await fetch(`${url}/run?rate=${options.rate}&seconds=${options.seconds}&rooms=${options.rooms}`, {
      method: 'POST',
    });
    // Until every receipt is in, or nothing more arrives for two seconds.
    for (let last = -1, quiet = 0; received < expected && quiet < 20; quiet = received === last ? quiet + 1 : 0) {
      last = received;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return {
      latencies: latencies.sort((a, b) => a - b),
      expected,
      received,
      cpuText: cpu(
        `ceiling: socket.io alone, ${options.rate} updates/s to ${open.length} sockets`,
        options.rate * options.seconds,
        'update',
      ),
    };
  } finally {
    for (const socket of open) socket.disconnect();
    server.kill('SIGTERM');
  }
}
