import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { taskmeshHome } from './database';
import { httpRequest, repoRoot } from './stack';
import { waitFor } from './wait-for';

interface AppStatus {
  appPid: number | null;
  daprdPid: number | null;
  daprHTTPPort: number;
}

function appStatus(appId: string): AppStatus {
  const status = JSON.parse(readFileSync(path.join(taskmeshHome(), 'state', 'run', 'apps.json'), 'utf8')) as {
    apps: Record<string, AppStatus>;
  };
  const app = status.apps[appId];
  if (!app) throw new Error(`${appId} is not running under infra/dapr-run.mjs`);
  return app;
}

/**
 * SIGKILLs an app and its sidecar (a crash, not a shutdown); infra/dapr-run.mjs
 * restarts both, as Kubernetes would restart the pod. Resolves once the new
 * pair is healthy again.
 */
export async function crashAndRestart(appId: string): Promise<void> {
  const before = appStatus(appId);
  if (!before.appPid || !before.daprdPid) throw new Error(`${appId} is not up`);
  process.kill(before.appPid, 'SIGKILL');
  process.kill(before.daprdPid, 'SIGKILL');
  await waitFor(
    `${appId} restarted and healthy`,
    async () => {
      const now = appStatus(appId);
      if (!now.appPid || now.appPid === before.appPid) return undefined;
      // daprd's own health probe, as Kubernetes reads it (raw HTTP on purpose, issue 16).
      const health = await httpRequest(`http://127.0.0.1:${now.daprHTTPPort}/v1.0/healthz`, { timeoutMs: 1000 });
      return health.status === 204 ? true : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 500 },
  );
}

/**
 * Stops an app and its sidecar (SIGKILL) and keeps them down (infra/dapr-run.mjs
 * does not restart an app with a hold file) until the returned `release` is
 * called, which lets them restart and waits until they are healthy.
 */
export async function keepDown(appId: string): Promise<() => Promise<void>> {
  const holdDir = path.join(taskmeshHome(), 'state', 'run', 'hold');
  mkdirSync(holdDir, { recursive: true });
  const holdFile = path.join(holdDir, appId);
  writeFileSync(holdFile, 'held by a test\n');
  const before = appStatus(appId);
  if (before.appPid) process.kill(before.appPid, 'SIGKILL');
  if (before.daprdPid) process.kill(before.daprdPid, 'SIGKILL');
  await waitFor(`${appId} down`, async () => {
    const now = appStatus(appId);
    return now.appPid === null && now.daprdPid === null ? true : undefined;
  });
  return async () => {
    rmSync(holdFile, { force: true });
    await waitFor(
      `${appId} back and healthy`,
      async () => {
        const now = appStatus(appId);
        if (!now.appPid) return undefined;
        const health = await httpRequest(`http://127.0.0.1:${now.daprHTTPPort}/v1.0/healthz`, { timeoutMs: 1000 });
        return health.status === 204 ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
  };
}

/** Keeps an app and its sidecar down while `whileDown` runs (see keepDown). */
export async function holdDown(appId: string, whileDown: () => Promise<void>): Promise<void> {
  const release = await keepDown(appId);
  try {
    await whileDown();
  } finally {
    await release();
  }
}

/** Runs one of the infrastructure scripts (up.sh, down.sh kafka, ...). */
export function infra(script: string, ...args: string[]): string {
  return execFileSync('bash', [path.join(repoRoot, 'infra', script), ...args], {
    encoding: 'utf8',
    stdio: 'pipe',
    timeout: 180_000,
  });
}
