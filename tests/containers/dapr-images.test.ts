import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pinnedVersion, podman, requireImage, taskmeshHome } from '@taskmesh/testing';
import { daprChart, daprImages, daprValueSets, renderDapr } from '../deployment/dapr-chart';

// Issue 18: every image that Dapr's Helm chart names with the cluster's values
// (infra/cluster/dapr-values.yaml), and with actors and scheduler turned on,
// exists locally after `npm run images:build` (the node imports them into its
// containerd; nothing is pulled), holds the very binary infra/setup.sh built
// at the path the chart runs it from, and runs it unprivileged with a
// read-only root filesystem, as the chart's securityContext does.
const version = pinnedVersion('DAPR_RUNTIME_VERSION');
const chart = daprChart();
const images = new Map<string, string>();
for (const args of Object.values(daprValueSets))
  for (const [image, command] of daprImages(renderDapr(chart, args))) images.set(image, command);
const cases = [...images].map(([image, command]) => ({ image, command }));

/** Runs the image's COMMAND [ARGS] as the image's user, offline; returns the exit code and all output. */
async function runIn(image: string, command: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await podman(
      'run',
      '--rm',
      '--network',
      'none',
      '--read-only',
      '--entrypoint',
      command,
      image,
      ...args,
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('the Dapr images for the cluster', () => {
  it('are every component of the chart, daprd included', () => {
    expect([...images.keys()].sort()).toEqual(
      ['daprd', 'injector', 'operator', 'placement', 'scheduler', 'sentry'].map(
        (c) => `localhost/taskmesh/dapr/${c}:${version}`,
      ),
    );
  });

  it.each(cases)('$image exists and runs as uid/gid 65532', async ({ image }) => {
    await requireImage(image);
    const { stdout } = await podman('image', 'inspect', '--format', '{{.Config.User}}', image);
    expect(stdout.trim()).toBe('65532:65532');
    expect(await runIn(image, 'id', '-u')).toEqual({ code: 0, output: '65532\n' });
  });

  it.each(cases)('$image holds the binary infra/setup.sh built, at $command', async ({ image, command }) => {
    const built = path.join(taskmeshHome(), 'bin', path.basename(command));
    const { code, output } = await runIn(image, 'sha256sum', command);
    expect(code).toBe(0);
    expect(output.split(' ')[0]).toBe(await sha256(built));
  });

  it.each(cases)('$command --help runs in $image', async ({ image, command }) => {
    const { code, output } = await runIn(image, command, '--help');
    // Go's flag package exits 0 after --help, spf13/pflag (most of Dapr's commands) 2.
    expect([0, 2]).toContain(code);
    expect(output).toMatch(new RegExp(`^Usage of /?${path.basename(command)}:`, 'm'));
  });

  it('has the pinned daprd as the sidecar', async () => {
    expect(await runIn(`localhost/taskmesh/dapr/daprd:${version}`, '/daprd', '--version')).toEqual({
      code: 0,
      output: `${version}\n`,
    });
  });
});
