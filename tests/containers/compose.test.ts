import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { launchBrowser, podman, repoRoot } from '@taskmesh/testing';
import type { Browser } from 'playwright-core';
import { walkingSkeleton } from '../flows/walking-skeleton';
import {
  logInInBrowser,
  newContext,
  quickAdd,
  registerInBrowser,
  takeCspViolations,
  waitUntilLive,
} from '../integration/web/web-pages';

// Issue 17: docker-compose.yml really runs. `npm run compose:up` brings the
// whole system up from the locally built images (with the compose tool
// TASKMESH_COMPOSE names: docker compose v2 on podman's Docker API by
// default, or podman-compose), then: every container reports healthy and runs
// unprivileged, the walking skeleton passes through web's published sidecar
// (a task created by service invocation, its audit row written from Kafka),
// the browser smoke test passes against the published web UI, and every
// container stops cleanly on `compose stop` (SIGTERM, not SIGKILL). The volumes
// are removed at the end (compose:down -v). Needs the host stack stopped: the
// published ports are web's (3100, 3500, 3105).
const run = promisify(execFile);
const tool = process.env.TASKMESH_COMPOSE ?? 'docker-compose';
const compose = (...args: string[]) =>
  run('bash', [path.join(repoRoot, 'infra/compose/compose.sh'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, TASKMESH_COMPOSE: tool },
    timeout: 15 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
const podmanOut = async (...args: string[]) => (await podman(...args)).stdout.trim();

interface Container {
  Id: string;
  Names: string[];
  State: string;
  ExitCode: number;
  Labels: Record<string, string>;
}
const containers = async (): Promise<Container[]> =>
  JSON.parse(
    await podmanOut('ps', '--all', '--format', 'json', '--filter', 'label=com.docker.compose.project=taskmesh'),
  );
const serviceOf = (c: Container): string => c.Labels['com.docker.compose.service'] ?? c.Names[0] ?? c.Id;
/** One-shot services: they run to completion before the others start. */
const oneShot = ['state', 'migrate', 'kafka-topics'];

let browser: Browser | undefined;
beforeAll(async () => {
  // A deployment left by an earlier run would hide what this up does.
  await compose('down', '-v');
  await compose('up');
  process.env.TASKMESH_DAPR_API_TOKEN = (await compose('token')).stdout.trim();
}, 20 * 60_000);
/**
 * Every container's output, kept in test-artifacts/compose-<tool>/ before
 * `down -v` removes the containers: a failure here (once, with podman-compose:
 * web's sidecar found no tasks-api right after all reported healthy) can only
 * be explained from the sidecars' logs.
 */
async function keepLogs(): Promise<void> {
  const dir = path.join(repoRoot, 'test-artifacts', `compose-${tool}`);
  mkdirSync(dir, { recursive: true });
  for (const container of await containers()) {
    const { stdout, stderr } = await podman('logs', '--timestamps', container.Id).catch((error: unknown) => ({
      stdout: '',
      stderr: String(error),
    }));
    writeFileSync(path.join(dir, `${container.Names[0] ?? container.Id}.log`), `${stdout}${stderr}`);
  }
}

afterAll(async () => {
  await browser?.close();
  delete process.env.TASKMESH_DAPR_API_TOKEN;
  try {
    await keepLogs();
  } finally {
    await compose('down', '-v');
  }
}, 5 * 60_000);

describe(`the compose deployment (${tool})`, () => {
  it('runs every service, and each long-running one reports healthy', async () => {
    const all = await containers();
    expect(all.map(serviceOf).sort()).toEqual(
      [
        'audit-agent',
        'audit-agent-dapr',
        'kafka',
        'mail-catcher',
        'net',
        'postgres',
        'realtime-sync',
        'realtime-sync-dapr',
        'recurrence-agent',
        'recurrence-agent-dapr',
        'redis',
        'reminder-agent',
        'reminder-agent-dapr',
        'sentry',
        'tasks-api',
        'tasks-api-dapr',
        'web',
        'web-dapr',
        'webhook-agent',
        'webhook-agent-dapr',
        ...oneShot,
      ].sort(),
    );
    const states = all.map((c) => ({ service: serviceOf(c), state: c.State, exitCode: c.ExitCode }));
    expect(
      states.filter((c) =>
        oneShot.includes(c.service) ? c.state !== 'exited' || c.exitCode !== 0 : c.state !== 'running',
      ),
    ).toEqual([]);
    // Each one's health check (the image's or the compose file's), run now:
    // podman runs them on systemd timers, absent here. compose:up waited for them.
    const unhealthy: string[] = [];
    for (const container of all.filter((c) => c.State === 'running' && serviceOf(c) !== 'net')) {
      await podman('healthcheck', 'run', container.Id).catch((error: { stdout?: string; stderr?: string }) =>
        unhealthy.push(`${serviceOf(container)}: ${error.stdout ?? ''}${error.stderr ?? ''}`.trim()),
      );
    }
    expect(unhealthy).toEqual([]);
  });

  it('runs every Taskmesh process unprivileged', async () => {
    for (const container of (await containers()).filter((c) => c.State === 'running')) {
      const service = serviceOf(container);
      if (service === 'net') continue;
      const uid = await podmanOut('exec', container.Id, 'id', '-u');
      expect({ service, root: uid === '0' }).toEqual({ service, root: false });
    }
  });

  it('passes the walking skeleton through web’s published sidecar', async () => {
    await walkingSkeleton();
  });

  it('passes the browser smoke test against the published web UI: a change in one browser shows live in another', async () => {
    browser = await launchBrowser();
    const first = await newContext(browser);
    const user = await registerInBrowser(first.page);
    const second = await newContext(browser);
    await logInInBrowser(second.page, user);
    await waitUntilLive(second.page);
    await quickAdd(first.page, 'Made in the compose deployment');
    await second.page
      .locator('[data-task-row]')
      .filter({ hasText: 'Made in the compose deployment' })
      .waitFor({ timeout: 10_000 });
    expect(takeCspViolations()).toEqual([]);
    await first.context.close();
    await second.context.close();
  });

  it('stops every container cleanly: each exits on SIGTERM, none is killed', async () => {
    await compose('stop');
    const stopped = (await containers())
      .filter((c) => !oneShot.includes(serviceOf(c)))
      .map((c) => ({ service: serviceOf(c), state: c.State, exitCode: c.ExitCode }));
    // The infrastructure (net, redis, postgres, kafka, mail-catcher, sentry) and each of the seven apps with its sidecar.
    expect(stopped).toHaveLength(20);
    // 137 is SIGKILL: what the engine sends when SIGTERM did not stop a container in time.
    expect(stopped.filter((c) => c.state !== 'exited' || c.exitCode === 137)).toEqual([]);
  });
});
