import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { StartedTestContainer, WaitStrategy } from 'testcontainers';
import { repoRoot } from './stack';
import { waitFor } from './wait-for';

// Helpers for the container tests (tests/containers/, issue 17): images built
// locally by `npm run images:build`, run with testcontainers through podman's
// Docker API (infra/containers/podman-api.sh) and inspected with the podman CLI.

const run = promisify(execFile);
export const podman = (...args: string[]) => run('podman', args, { timeout: 120_000 });

/** A version infra/versions.env pins, e.g. pinnedVersion('KAFKA_VERSION'). */
export function pinnedVersion(name: string): string {
  const versions = readFileSync(path.join(repoRoot, 'infra/versions.env'), 'utf8');
  const match = new RegExp(`^${name}=(\\S+)$`, 'm').exec(versions);
  if (!match?.[1]) throw new Error(`${name} missing from infra/versions.env`);
  return match[1];
}

/** Fails clearly when a local image is missing: testcontainers would try to pull it from a registry. */
export async function requireImage(image: string): Promise<string> {
  await podman('image', 'exists', image).catch(() => {
    throw new Error(`${image} is missing: run \`npm run images:build\` first`);
  });
  return image;
}

/** The uid the container's main process (PID 1, the server itself) runs as. */
export async function mainProcessUid(container: StartedTestContainer): Promise<number> {
  const { output, exitCode } = await container.exec(['cat', '/proc/1/status']);
  const uid = /^Uid:\s+(\d+)/m.exec(output)?.[1];
  if (exitCode !== 0 || uid === undefined) throw new Error(`cannot read PID 1's status: ${output}`);
  return Number(uid);
}

/**
 * A testcontainers wait strategy: ready when the image's own HEALTHCHECK
 * passes, run once per attempt with `podman healthcheck run`. Podman schedules
 * healthchecks with systemd timers, and this VM has no systemd, so none runs
 * by itself here: State.Health stays "starting", and testcontainers' default
 * for an image with a HEALTHCHECK waits for it in vain (so would compose's
 * depends_on: service_healthy).
 */
export class PodmanHealthcheckWait implements WaitStrategy {
  private timeoutMs = 60_000;
  private timeoutSet = false;

  async waitUntilReady(container: { id: string }): Promise<void> {
    await waitFor(
      `the HEALTHCHECK of container ${container.id.slice(0, 12)}`,
      () => podman('healthcheck', 'run', container.id).then(() => true),
      { timeoutMs: this.timeoutMs, intervalMs: 500 },
    );
  }

  withStartupTimeout(startupTimeoutMs: number): this {
    this.timeoutMs = startupTimeoutMs;
    this.timeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.timeoutSet;
  }

  getStartupTimeout(): number {
    return this.timeoutMs;
  }
}

/**
 * Stops the container as compose does (the image's stop signal, then SIGKILL
 * after `seconds`) and returns its exit code: 0 or 143 (128 + SIGTERM) is a
 * clean stop, 137 (128 + SIGKILL) means it ignored the signal.
 */
export async function stopAndExitCode(container: StartedTestContainer, seconds = 30): Promise<number> {
  await container.stop({ remove: false, timeout: seconds * 1000 });
  const { stdout } = await podman('inspect', '--format', '{{.State.ExitCode}}', container.getId());
  await podman('rm', '--force', container.getId());
  return Number(stdout.trim());
}

/** Removes containers a failed run may have left (by the names the tests give them). */
export async function removeContainers(...names: string[]): Promise<void> {
  await Promise.all(names.map((name) => podman('rm', '--force', '--time', '0', name)));
}
