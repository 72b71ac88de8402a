import {
  type ExtraSidecar,
  keepDown,
  reachableThroughMesh,
  runFileApps,
  signUp,
  startSidecar,
  type TestUser,
  testDatabase,
  waitFor,
} from '@taskmesh/testing';

// Admission control (issue 21): past its capacity an app refuses work with 429
// and Retry-After at the door, never a 500, and takes work again at once. A
// tasks-api replica runs here with one request at a time and a queue of one
// (the stack's own is held down). The one slot is taken on purpose: a PATCH
// waits for a row lock this test holds, and the test knows it waits from
// pg_blocking_pids (a barrier, not a sleep), so "past capacity" is certain
// rather than a matter of how a burst happens to overlap.

const db = testDatabase();
const appPort = 3191;
const metricsPort = 9291;
let release: () => Promise<void>;
let replica: ExtraSidecar;

beforeAll(async () => {
  release = await keepDown('tasks-api');
  const app = runFileApps().find((a) => a.appID === 'tasks-api');
  if (!app) throw new Error('tasks-api missing from dapr.yaml');
  replica = await startSidecar({
    appId: 'tasks-api',
    httpPort: 3591,
    grpcPort: 3691,
    internalGrpcPort: 3791,
    app: {
      dir: app.appDirPath,
      port: appPort,
      env: {
        ADMISSION_MAX_IN_FLIGHT: '1',
        ADMISSION_MAX_QUEUED: '1',
        ADMISSION_MAX_WAIT_MS: '1000',
        METRICS_PORT: String(metricsPort),
      },
    },
  });
  await reachableThroughMesh('tasks-api');
}, 120_000);

afterAll(async () => {
  replica?.stop();
  await release?.();
  await db.$disconnect();
}, 120_000);

const list = (user: TestUser) => user.api.get('tasks?limit=50');

/** Backends waiting for a lock the given backend holds. */
async function waitingOn(pid: number): Promise<number> {
  const [row] = await db.$queryRaw<Array<{ n: number }>>`
    SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`;
  return row?.n ?? 0;
}

async function shedCount(reason: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`taskmesh_http_requests_shed_total{reason="${reason}"`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('admission control', () => {
  it('refuses work past capacity with 429 + Retry-After (problem+json), answers probes, and serves again once the slot frees', async () => {
    const user = await signUp();
    const created = await user.api.post('tasks', { title: 'Held by a row lock' });
    expect(created.status).toBe(201);
    const taskId = (created.body as { id: string }).id;
    const shedBefore = { full: await shedCount('queue full'), waited: await shedCount('waited too long') };

    let held: Promise<{ status: number }> | undefined;
    const burst = await db.$transaction(
      async (tx) => {
        const [{ pid } = { pid: -1 }] = await tx.$queryRaw<Array<{ pid: number }>>`SELECT pg_backend_pid() AS pid`;
        await tx.$queryRaw`SELECT id FROM tasks_api.tasks WHERE id = ${taskId}::uuid FOR UPDATE`;
        // The replica's one slot: this PATCH waits for the lock above.
        held = user.api.patch(`tasks/${taskId}`, { title: 'Changed once the lock is gone' });
        await waitFor('the PATCH to wait for the row lock', async () =>
          (await waitingOn(pid)) > 0 ? true : undefined,
        );
        // Probes and metrics are never governed: they answer while the app is full.
        expect((await fetch(`http://127.0.0.1:${appPort}/healthz`)).status).toBe(200);
        // Ten more, while the slot stays taken.
        return Promise.all(Array.from({ length: 10 }, () => list(user)));
      },
      { timeout: 30_000, maxWait: 10_000 },
    );

    // All refused. Each takes the queue's one place if it is free when it
    // arrives (then gives up after its wait) or is refused at once: which ones
    // depends on arrival order through the sidecars, the split on nothing else.
    expect(burst.map((r) => r.status)).toEqual(Array(10).fill(429));
    const reasons = burst.map((r) => (r.body as { reason?: string }).reason);
    const full = reasons.filter((r) => r === 'queue full').length;
    const waited = reasons.filter((r) => r === 'waited too long').length;
    expect(full + waited).toBe(10);
    expect(full).toBeGreaterThan(0);
    expect(waited).toBeGreaterThan(0);
    for (const refused of burst) {
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ status: 429, type: expect.stringContaining('overloaded') });
    }
    // The app refused each exactly once: no sidecar retried a refusal (it
    // would with 503, which resiliency.yaml retries five times).
    expect((await shedCount('queue full')) - shedBefore.full).toBe(full);
    expect((await shedCount('waited too long')) - shedBefore.waited).toBe(waited);

    // The admitted request was never dropped: it completes once the lock is released.
    expect((await held)?.status).toBe(200);
    const after = await user.api.get(`tasks/${taskId}`);
    expect((after.body as { title: string }).title).toBe('Changed once the lock is gone');
    // Nothing is left behind: one at a time, every request is served.
    for (let i = 0; i < 5; i += 1) expect((await list(user)).status).toBe(200);
  });
});
