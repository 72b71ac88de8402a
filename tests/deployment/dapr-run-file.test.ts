// dapr.yaml must run unchanged under the real dapr CLI, and infra/dapr-run.mjs
// must read it the way the CLI does (issue 16; docs/decisions/002).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';

const repoRoot = path.resolve(__dirname, '../..');

// The run-file keys of the dapr CLI v1.18.0 (tag v1.18.0, commit 5e1d152), the
// yaml tags of: RunFileConfig, App and ContainerConfiguration in
// pkg/runfileconfig/run_file_config.go; SharedRunConfig and RunConfig in
// pkg/standalone/run.go. Its parser (yaml.v2, not strict) ignores any other key.
const cliTopKeys = ['version', 'name', 'common', 'apps'];
const cliSharedKeys = [
  'configFilePath',
  'appProtocol',
  'apiListenAddresses',
  'enableProfiling',
  'logLevel',
  'appMaxConcurrency',
  'placementHostAddress',
  'resourcesPath',
  'resourcesPaths',
  'appSSL',
  'maxBodySize',
  'readBufferSize',
  'enableAppHealthCheck',
  'appHealthCheckPath',
  'appHealthProbeInterval',
  'appHealthProbeTimeout',
  'appHealthThreshold',
  'enableApiLogging',
  'runtimePath',
  'env',
  'daprdLogDestination',
  'appLogDestination',
  'schedulerHostAddress',
];
const cliAppOnlyKeys = [
  'appID',
  'appChannelAddress',
  'appPort',
  'daprHTTPPort',
  'daprGRPCPort',
  'profilePort',
  'command',
  'metricsPort',
  'unixDomainSocket',
  'daprInternalGRPCPort',
  'appDirPath',
];
/** ContainerConfiguration: read by `dapr run -f -k` only; the local runner refuses them. */
const cliKubernetesKeys = ['containerImage', 'containerImagePullPolicy', 'createService'];

type RunFile = { common: Record<string, unknown>; apps: Array<Record<string, unknown>> };
const runFile = parse(readFileSync(path.join(repoRoot, 'dapr.yaml'), 'utf8')) as RunFile;

interface Plan {
  appID: string;
  cwd: string;
  daprd: string[];
  command: string[];
  env: Record<string, string>;
}

/** infra/dapr-run.mjs --dry-run: what it would start, as JSON. */
function dryRun(file: string) {
  const result = spawnSync('node', [path.join(repoRoot, 'infra/dapr-run.mjs'), '-f', file, '--dry-run'], {
    encoding: 'utf8',
    env: { ...process.env, DAPR_RUNTIME_PATH: '/opt/runtime' },
  });
  return {
    status: result.status,
    stderr: result.stderr,
    plan: result.status === 0 ? (JSON.parse(result.stdout) as Plan[]) : [],
  };
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

describe('dapr.yaml under the dapr CLI v1.18.0', () => {
  it('uses only keys the CLI reads', () => {
    const unknown = [
      ...Object.keys(runFile).filter((k) => !cliTopKeys.includes(k)),
      ...Object.keys(runFile.common)
        .filter((k) => !cliSharedKeys.includes(k))
        .map((k) => `common.${k}`),
      ...runFile.apps.flatMap((app) =>
        Object.keys(app)
          .filter((k) => ![...cliSharedKeys, ...cliAppOnlyKeys].includes(k))
          .map((k) => `${app.appID}.${k}`),
      ),
    ];
    expect(unknown).toEqual([]);
  });

  it('names files that exist where the CLI resolves them (an app’s paths from its appDirPath)', () => {
    for (const app of runFile.apps) {
      const appDir = path.join(repoRoot, String(app.appDirPath));
      expect(readdirSync(appDir)).toContain('package.json');
      expect(readFileSync(path.resolve(appDir, String(app.configFilePath)), 'utf8')).toContain(`name: ${app.appID}`);
    }
  });

  it('keeps every sidecar on loopback', () => {
    expect(runFile.common.apiListenAddresses).toBe('127.0.0.1');
    for (const app of runFile.apps) expect(app.apiListenAddresses ?? '127.0.0.1').toBe('127.0.0.1');
  });

  it('has components and Configurations whose files resolve from any working directory', () => {
    const dir = path.join(repoRoot, 'dapr-components');
    const files = [
      ...readdirSync(dir).map((f) => path.join(dir, f)),
      ...readdirSync(path.join(dir, 'config')).map((f) => path.join(dir, 'config', f)),
    ].filter((f) => f.endsWith('.yaml'));
    const relative: string[] = [];
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const resource = doc.toJSON() as {
          spec?: { metadata?: Array<{ name: string; value?: string; envRef?: string }>; nameResolution?: unknown };
        };
        for (const m of resource.spec?.metadata ?? [])
          if (/file|path/i.test(m.name) && m.value !== undefined && !path.isAbsolute(m.value))
            relative.push(`${path.basename(file)} ${m.name}`);
        const db = (resource.spec?.nameResolution as { configuration?: { connectionString?: string } })?.configuration
          ?.connectionString;
        if (db !== undefined && !/^\$\{[A-Z_]+\}$/.test(db)) relative.push(`${path.basename(file)} connectionString`);
      }
    }
    expect(relative).toEqual([]);
  });
});

describe('infra/dapr-run.mjs reads a run file as the CLI does', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'run-file-'));
  mkdirSync(path.join(dir, 'app', 'config'), { recursive: true });
  mkdirSync(path.join(dir, 'resources'));
  writeFileSync(path.join(dir, 'app', 'config', 'c.yaml'), 'kind: Configuration\nspec:\n  mtls:\n    enabled: true\n');
  const app = {
    appID: 'a',
    appDirPath: './app',
    command: ['node', 'x.js'],
    daprHTTPPort: 1,
    daprGRPCPort: 2,
    daprInternalGRPCPort: 3,
    metricsPort: 4,
  };
  const write = (spec: object) => {
    const file = path.join(dir, `dapr-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, stringify(spec));
    return file;
  };

  it('starts dapr.yaml’s sidecars in their app folders, on loopback, with mTLS from the Sentry the CLI names', () => {
    const { status, stderr, plan } = dryRun(path.join(repoRoot, 'dapr.yaml'));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(plan.map((p) => p.appID)).toEqual(runFile.apps.map((a) => a.appID));
    for (const p of plan) {
      expect(p.cwd).toBe(path.join(repoRoot, String(runFile.apps.find((a) => a.appID === p.appID)?.appDirPath)));
      expect(p.daprd[0]).toBe('/opt/runtime/.dapr/bin/daprd');
      expect(flag(p.daprd, '--dapr-listen-addresses')).toBe('127.0.0.1');
      expect(flag(p.daprd, '--config')).toBe(path.join(repoRoot, 'dapr-components', 'config', `${p.appID}.yaml`));
      expect(flag(p.daprd, '--sentry-address')).toBe('localhost:50001');
      expect(p.daprd).toContain('--enable-mtls');
      // placementHostAddress "" turns actors off; schedulerHostAddress " " keeps the CLI from defaulting it.
      expect(p.daprd).not.toContain('--placement-host-address');
      expect(p.daprd).not.toContain('--scheduler-host-address');
      expect(p.env).toMatchObject({ APP_ID: p.appID, NODE_ENV: 'development', APP_PROTOCOL: 'http' });
    }
  });

  it('accepts every key the CLI reads in a standalone run', () => {
    const every = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, sample[k] ?? 'x']));
    const sample: Record<string, unknown> = {
      configFilePath: './config/c.yaml',
      resourcesPath: '../resources',
      resourcesPaths: ['../resources'],
      runtimePath: '.',
      env: { A: 'b' },
      daprdLogDestination: 'file',
      appLogDestination: 'console',
      command: ['node', 'x.js'],
      appDirPath: './app',
      ...Object.fromEntries(
        ['enableProfiling', 'appSSL', 'enableAppHealthCheck', 'enableApiLogging'].map((k) => [k, true]),
      ),
      ...Object.fromEntries(
        [
          'appMaxConcurrency',
          'appHealthProbeInterval',
          'appHealthProbeTimeout',
          'appHealthThreshold',
          'appPort',
          'daprHTTPPort',
          'daprGRPCPort',
          'profilePort',
          'metricsPort',
          'daprInternalGRPCPort',
        ].map((k, i) => [k, i + 1]),
      ),
    };
    const common = { ...every(cliSharedKeys), configFilePath: './app/config/c.yaml', resourcesPath: './resources' };
    const file = write({
      version: 1,
      name: 'n',
      common: { ...common, resourcesPaths: ['./resources'] },
      apps: [every([...cliSharedKeys, ...cliAppOnlyKeys])],
    });
    const { status, stderr } = dryRun(file);
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it.each([
    ['a top-level key', { version: 1, apps: [app], commons: {} }, 'commons'],
    ['a common key', { version: 1, common: { apiListenAddress: '127.0.0.1' }, apps: [app] }, 'apiListenAddress'],
    ['an app key', { version: 1, apps: [{ ...app, appHealthCheckPaht: '/healthz' }] }, 'appHealthCheckPaht'],
    ['an app-only key in common', { version: 1, common: { appPort: 3 }, apps: [app] }, 'appPort'],
    [
      'a Kubernetes-only key',
      { version: 1, apps: [{ ...app, [cliKubernetesKeys[0] as string]: 'i' }] },
      'containerImage',
    ],
  ])('refuses %s the CLI would not read', (_what, spec, key) => {
    const { status, stderr } = dryRun(write(spec));
    expect(status).toBe(1);
    expect(stderr).toContain(`"${key}"`);
  });

  it('resolves an app’s paths from its appDirPath, as the CLI does, and refuses one that does not exist', () => {
    const fromApp = dryRun(write({ version: 1, apps: [{ ...app, configFilePath: './config/c.yaml' }] }));
    expect(flag(fromApp.plan[0]?.daprd ?? [], '--config')).toBe(path.join(dir, 'app', 'config', 'c.yaml'));
    const fromRoot = dryRun(write({ version: 1, apps: [{ ...app, configFilePath: './app/config/c.yaml' }] }));
    expect(fromRoot.status).toBe(1);
    expect(fromRoot.stderr).toContain(path.join(dir, 'app', 'app', 'config', 'c.yaml'));
  });
});
