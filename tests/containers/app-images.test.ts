import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { databaseRoleOf } from '@taskmesh/contracts';
import { repoRoot, waitFor } from '@taskmesh/testing';
import pg from 'pg';
import { serviceImages } from '../../scripts/write-dockerfiles';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres';

// Issue 17: the images infra/containers/app-images.sh builds (npm run images:build)
// run unprivileged, carry no development packages, start their code on a
// read-only root filesystem as the chart runs them, and the migrations image
// migrates a real PostgreSQL (the host's Debian binaries, a throwaway cluster
// on a port of its own) as the chart's Job does. Needs podman and the images.
const run = promisify(execFile);
const podman = (...args: string[]) => run('podman', args, { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
const apps = Object.keys(serviceImages);
// Another tag (TASKMESH_IMAGE_TAG) tests candidate images without touching :local.
const imageOf = (name: string) => `localhost/taskmesh/${name}:${process.env.TASKMESH_IMAGE_TAG ?? 'local'}`;
const containerOf = (name: string) => `taskmesh-test-app-${name}`;
const POSTGRES_PORT = 18160;

// What the chart's Deployment sets (charts/taskmesh/templates/deployments.yaml);
// LOG_LEVEL debug, so the wait for the sidecar shows in the log.
const envOf = (app: string): string[] => [
  `APP_ID=${app}`,
  'APP_PORT=3000',
  'APP_HOST=0.0.0.0',
  'DAPR_HTTP_PORT=3500',
  'METRICS_PORT=9464',
  'LOG_LEVEL=debug',
  ...(app === 'reminder-agent' ? ['WEB_BASE_URL=https://tasks.example.com'] : []),
  ...(app === 'realtime-sync' ? ['CORS_ORIGINS=https://tasks.example.com'] : []),
];

// Packages the lock file installs for development: "dev", and "devOptional"
// (dev, or an optional peer: typescript, and prisma with the 30-odd packages its
// CLI needs, which only the migrations image keeps).
const lockFlags = (() => {
  const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  const topLevel = Object.entries(lock.packages).filter(([key]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(key));
  const names = (flag: 'dev' | 'devOptional') =>
    topLevel.filter(([, entry]) => entry[flag]).map(([key]) => key.slice('node_modules/'.length));
  return { dev: names('dev'), devOptional: names('devOptional') };
})();
const notForImage = (name: string) =>
  name === 'migrations' ? [...lockFlags.dev, 'typescript'] : [...lockFlags.dev, ...lockFlags.devOptional];

const removeLeftovers = () =>
  Promise.all(
    [...apps, 'migrations', 'migrations-again'].map((name) =>
      podman('rm', '--force', '--time', '0', containerOf(name)),
    ),
  );

beforeAll(async () => {
  for (const name of [...apps, 'migrations']) {
    await podman('image', 'exists', imageOf(name)).catch(() => {
      throw new Error(`${imageOf(name)} is missing: run \`npm run images:build\` first`);
    });
  }
  await removeLeftovers();
});
afterAll(removeLeftovers);

describe('the application images', () => {
  it.each([...apps, 'migrations'])(
    '%s runs as the unprivileged node user, without development packages or the build’s CA bundle',
    async (name) => {
      // No --user: the image's own USER is what is tested.
      const { stdout } = await podman(
        'run',
        '--rm',
        imageOf(name),
        'sh',
        '-c',
        'id -u; id -un; test -e /etc/ssl/certs/host-ca.crt && echo has-ca-bundle; ' +
          `node -e "const fs = require('fs'); console.log(fs.readdirSync('node_modules').flatMap((d) => d.startsWith('@') ? fs.readdirSync('node_modules/' + d).map((s) => d + '/' + s) : [d]).join(' '))"`,
      );
      const [uid, user, ...rest] = stdout.trim().split('\n');
      const installed = (rest.at(-1) ?? '').split(' ');
      expect(installed.length).toBeGreaterThan(10);
      expect({
        name,
        uid,
        user,
        caBundle: rest.includes('has-ca-bundle'),
        dev: installed.filter((pkg) => notForImage(name).includes(pkg)),
        // The Prisma CLI only where migrations are applied.
        prismaCli: installed.includes('prisma'),
      }).toEqual({ name, uid: '1000', user: 'node', caBundle: false, dev: [], prismaCli: name === 'migrations' });
    },
  );

  // tsx compiles into /tmp, the only writable place the chart gives
  // (readOnlyRootFilesystem plus an emptyDir; --read-only-tmpfs=false, since
  // podman would otherwise mount more). Without a sidecar, the code gets as far
  // as serving metrics and waiting for the sidecar.
  it.each(apps)('%s starts its code on a read-only root filesystem and waits for its Dapr sidecar', async (app) => {
    const env = envOf(app).flatMap((variable) => ['--env', variable]);
    const name = containerOf(app);
    await podman(
      'run',
      '--detach',
      '--name',
      name,
      '--read-only',
      '--read-only-tmpfs=false',
      '--tmpfs',
      '/tmp',
      ...env,
      imageOf(app),
    );
    // Either it waits for the sidecar (running), or it has exited: its log says why.
    const { waiting, logs } = await waitFor(
      `${app} to wait for its sidecar or exit`,
      async () => {
        const { stdout: state } = await podman('inspect', '--format', '{{.State.Running}}', name);
        const { stdout, stderr } = await podman('logs', name);
        const all = stdout + stderr;
        if (all.includes('Awaiting Sidecar to be Started')) return { waiting: true, logs: all };
        return state.trim() === 'true' ? undefined : { waiting: false, logs: all };
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect({ app, waiting, logs: waiting ? '' : logs }).toEqual({ app, waiting: true, logs: '' });
    expect(logs).toContain('"msg":"metrics listening"');
    const { stdout: state } = await podman('inspect', '--format', '{{.State.Running}} {{.Config.User}}', name);
    expect(state.trim()).toBe('true node');
    await podman('rm', '--force', '--time', '0', name);
  });

  it('web holds the built Remix app: every route, the client assets, loadable with its dependencies', async () => {
    const { stdout } = await podman(
      'run',
      '--rm',
      imageOf('web'),
      'node',
      '--input-type=module',
      '-e',
      "import fs from 'node:fs'; const build = await import('/app/web/build/server/index.mjs'); " +
        "console.log(JSON.stringify({ routes: Object.keys(build.routes).sort(), assets: fs.readdirSync('web/build/client/assets').some((f) => f.endsWith('.js')) }))",
    );
    const routes = readdirSync(path.join(repoRoot, 'web/app/routes')).map(
      (file) => `routes/${file.replace(/\.tsx?$/, '')}`,
    );
    expect(JSON.parse(stdout)).toEqual({ routes: ['root', ...routes].sort(), assets: true });
  });
});

describe('the migrations image', () => {
  let postgres: ThrowawayPostgres;
  const passwords = Object.fromEntries(Object.values(databaseRoleOf).map(({ role }) => [role, `pw-${role}`]));

  beforeAll(async () => {
    postgres = await startThrowawayPostgres(POSTGRES_PORT);
  });
  afterAll(() => postgres?.stop());

  /** Runs the image read-only as the chart's Job does, on the host's network (PostgreSQL listens on loopback). */
  const migrate = (name: string, env: string[], command: string[] = []) =>
    podman(
      'run',
      '--rm',
      '--name',
      containerOf(name),
      '--network',
      'host',
      '--read-only',
      '--read-only-tmpfs=false',
      '--tmpfs',
      '/tmp',
      ...env.flatMap((variable) => ['--env', variable]),
      imageOf('migrations'),
      ...command,
    );
  const applied = async () => {
    const client = new pg.Client({ connectionString: postgres.url() });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        'SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1',
      );
      return rows.map((row) => row.name);
    } finally {
      await client.end();
    }
  };
  const signsIn = async (role: string, password: string) => {
    const client = new pg.Client({ connectionString: postgres.url(role, password) });
    try {
      await client.connect();
      return (await client.query<{ user: string }>('SELECT current_user AS user')).rows[0]?.user === role;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  it('applies every migration with its CMD, then runs the chart Job’s command again: no change, roles get passwords', async () => {
    const migrations = readdirSync(path.join(repoRoot, 'prisma/migrations'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const first = await migrate('migrations', [`DATABASE_URL=${postgres.url()}`]);
    expect(first.stdout).toContain('All migrations have been successfully applied.');
    expect(await applied()).toEqual(migrations);

    // The Job's command as the chart writes it (charts/taskmesh/templates/jobs.yaml).
    const jobs = readFileSync(path.join(repoRoot, 'charts/taskmesh/templates/jobs.yaml'), 'utf8');
    const command = JSON.parse(/- name: migrate\n[\s\S]*?command: (\[.*\])/.exec(jobs)?.[1] ?? '[]') as string[];
    expect(command.join(' ')).toContain('prisma migrate deploy');
    const serviceUrls = Object.values(databaseRoleOf).map(
      ({ role, secret }) =>
        `SERVICE_DATABASE_URL_${secret.replace(/-database-url$/, '').toUpperCase()}=${postgres.url(role, passwords[role])}`,
    );
    const second = await migrate('migrations-again', [`DATABASE_URL=${postgres.url()}`, ...serviceUrls], command);
    expect(second.stdout).toContain('No pending migrations to apply.');
    expect(await applied()).toEqual(migrations);
    for (const [role, password] of Object.entries(passwords)) {
      expect({ role, signsIn: await signsIn(role, password) }).toEqual({ role, signsIn: true });
      expect({ role, wrongPassword: await signsIn(role, 'wrong') }).toEqual({ role, wrongPassword: false });
    }
  });
});
