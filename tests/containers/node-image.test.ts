import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { waitFor } from '@taskmesh/testing';
import { nodeVersion } from '../../scripts/write-dockerfiles';

// Issue 17: the Node image `npm run images:build` makes (infra/containers/build-images.sh)
// carries exactly the Node.js infra/versions.env pins, runs it unprivileged, and
// stops when asked. Needs podman and the built image; no ports are published.
const run = promisify(execFile);
const podman = (...args: string[]) => run('podman', args, { timeout: 60_000 });
const image = `localhost/taskmesh/node:${nodeVersion()}`;
const names = { version: 'taskmesh-test-node-version', stop: 'taskmesh-test-node-stop' };

const containerExists = async (name: string) =>
  podman('container', 'exists', name).then(
    () => true,
    () => false,
  );
const removeLeftovers = () =>
  Promise.all(Object.values(names).map((name) => podman('rm', '--force', '--time', '0', name)));

beforeAll(async () => {
  await podman('image', 'exists', image).catch(() => {
    throw new Error(`${image} is missing: run \`npm run images:build\` first`);
  });
  await removeLeftovers();
});
afterAll(removeLeftovers);

describe('the Node image', () => {
  it('runs node -v as the unprivileged node user and prints the pinned version', async () => {
    const { stdout } = await podman(
      'run',
      '--rm',
      '--name',
      names.version,
      '--user',
      'node',
      image,
      'sh',
      '-c',
      'id -un; id -u; node -v',
    );
    const [user, uid, version] = stdout.trim().split('\n');
    expect({ user, root: uid === '0', version }).toEqual({ user: 'node', root: false, version: `v${nodeVersion()}` });
    // --rm and a zero exit (execFile rejects otherwise): nothing is left behind.
    expect(await containerExists(names.version)).toBe(false);
  });

  // node as PID 1 ignores SIGTERM (the kernel gives PID 1 no default handlers), so the
  // container runs under podman's --init (catatonit), as compose's `init: true` will.
  it('stops a running node on SIGTERM, before podman resorts to SIGKILL', async () => {
    await podman(
      'run',
      '--detach',
      '--init',
      '--name',
      names.stop,
      '--user',
      'node',
      image,
      'node',
      '-e',
      "console.log('ready'); setInterval(() => {}, 1000)",
    );
    // Barrier: node has started (and set up its timer) before it is asked to stop.
    await waitFor('node to start', async () =>
      (await podman('logs', names.stop)).stdout.includes('ready') ? true : undefined,
    );
    await podman('stop', '--time', '10', names.stop);
    const { stdout } = await podman('inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', names.stop);
    // 143 = 128 + SIGTERM; 137 would mean podman waited out the 10 s and killed it.
    expect(stdout.trim()).toBe('exited 143');
  });
});
