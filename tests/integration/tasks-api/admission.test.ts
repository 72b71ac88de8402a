import {
  type ExtraSidecar,
  keepDown,
  reachableThroughMesh,
  runFileApps,
  signUp,
  startSidecar,
  type TestUser,
} from '@taskmesh/testing';

// Admission control (issue 21): past its capacity an app refuses work with 503
// and Retry-After at the door, never a 500, and takes work again at once. A
// tasks-api replica runs here with one request at a time and no queue (the
// stack's own is held down), so a burst is past its capacity by construction.

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
      port: 3191,
      env: { ADMISSION_MAX_IN_FLIGHT: '1', ADMISSION_MAX_QUEUED: '0', ADMISSION_MAX_WAIT_MS: '1000' },
    },
  });
  await reachableThroughMesh('tasks-api');
}, 120_000);

afterAll(async () => {
  replica?.stop();
  await release?.();
}, 120_000);

const list = (user: TestUser) => user.api.get('tasks?limit=50&q=admission');

describe('admission control', () => {
  it('sheds a burst past capacity with 503 + Retry-After (problem+json), never a 500, and serves again right after', async () => {
    const user = await signUp();
    const burst = await Promise.all(Array.from({ length: 30 }, () => list(user)));
    const statuses = burst.map((r) => r.status);
    const shed = burst.filter((r) => r.status === 503);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(shed.length).toBeGreaterThan(0);
    expect(statuses).toContain(200);
    for (const refused of shed) {
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ status: 503, reason: 'queue full' });
    }
    // Nothing is left behind: one at a time, every request is served.
    for (let i = 0; i < 5; i += 1) expect((await list(user)).status).toBe(200);
  });
});
