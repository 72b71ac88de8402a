#!/usr/bin/env node
// Runs a Dapr multi-app run file (dapr.yaml) the way `dapr run -f .` does:
// one daprd sidecar next to each app, with the run file's ports, resources,
// Configuration and environment. Taskmesh uses this because the dapr CLI
// cannot be built here (the Go module proxy refuses github.com/dapr/cli; see
// docs/decisions/002-dapr-from-go-modules.md). Where the real CLI exists,
// `dapr run -f .` reads the same dapr.yaml.
//
// Differences from the CLI, on purpose: daprd runs with the state directory as
// its working directory (the local secrets file and the sqlite name-resolution
// database live there); the pids are written to <state>/run/apps.json; and
// like a Kubernetes pod, an app whose process or sidecar dies is restarted
// (both together, after a second; at most 10 times a minute), so a crash test
// can SIGKILL an app and watch it come back (or hold it down with a file
// <state>/run/hold/<app-id> until the file is removed).
//
// Usage: node infra/dapr-run.mjs -f <dir|file> [--app <id>]...
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

const args = process.argv.slice(2);
let runFile = '.';
const only = [];
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '-f' || args[i] === '--run-file') runFile = args[++i];
  else if (args[i] === '--app') only.push(args[++i]);
  else fail(`unknown argument ${args[i]}`);
}
if (existsSync(runFile) && statSync(runFile).isDirectory()) runFile = path.join(runFile, 'dapr.yaml');
runFile = path.resolve(runFile);
const baseDir = path.dirname(runFile);

const home =
  process.env.TASKMESH_HOME ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'taskmesh');
const stateDir = path.join(home, 'state');
const logDir = path.join(stateDir, 'logs');
const runDir = path.join(stateDir, 'run');
const daprd = process.env.DAPRD_PATH ?? path.join(home, 'bin', 'daprd');
mkdirSync(logDir, { recursive: true });
mkdirSync(runDir, { recursive: true });
if (!existsSync(daprd)) fail(`daprd not found at ${daprd}; run npm run infra:setup first`);

const spec = parse(readFileSync(runFile, 'utf8'));
if (spec?.version !== 1 || !Array.isArray(spec.apps)) fail(`${runFile}: expected "version: 1" and an "apps" list`);
const common = spec.common ?? {};
const apps = spec.apps.filter((app) => only.length === 0 || only.includes(app.appID));
if (apps.length === 0) fail(`no apps to run (asked for ${only.join(', ')})`);

const colours = [36, 33, 35, 32, 34, 91, 96, 93];
const useColour = process.stdout.isTTY;
const children = [];
/** Killed by a signal, a child process has a signalCode and no exitCode. */
const exited = (proc) => proc.exitCode !== null || proc.signalCode !== null;
let stopping = false;

function fail(message) {
  process.stderr.write(`dapr-run: ${message}\n`);
  process.exit(1);
}

function prefixed(stream, label, colour, file) {
  let buffered = '';
  stream.on('data', (chunk) => {
    file?.write(chunk);
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const tag = useColour ? `\x1b[${colour}m${label}\x1b[0m` : label;
      process.stdout.write(`${tag} ${line}\n`);
    }
  });
}

function resolvePath(p) {
  return path.isAbsolute(p) ? p : path.resolve(baseDir, p);
}

function start(app, index) {
  const pick = (key, fallback) => app[key] ?? common[key] ?? fallback;
  const id = app.appID;
  const colour = colours[index % colours.length];
  const resourcesPaths = pick('resourcesPaths', []).map(resolvePath);
  const configFile = pick('configFilePath', undefined);
  const daprdArgs = [
    '--app-id',
    id,
    '--mode',
    'standalone',
    '--dapr-http-port',
    String(app.daprHTTPPort),
    '--dapr-grpc-port',
    String(app.daprGRPCPort),
    '--dapr-internal-grpc-port',
    String(app.daprInternalGRPCPort),
    '--dapr-listen-addresses',
    '127.0.0.1',
    '--app-channel-address',
    '127.0.0.1',
    '--log-level',
    pick('logLevel', 'info'),
    '--enable-api-logging=false',
    ...(app.appPort ? ['--app-port', String(app.appPort), '--app-protocol', pick('appProtocol', 'http')] : []),
    ...(app.metricsPort ? ['--metrics-port', String(app.metricsPort)] : ['--enable-metrics=false']),
    ...(pick('enableAppHealthCheck', false)
      ? [
          '--enable-app-health-check',
          '--app-health-check-path',
          pick('appHealthCheckPath', '/healthz'),
          '--app-health-probe-interval',
          String(pick('appHealthProbeInterval', 2)),
        ]
      : []),
    // mTLS from the local Sentry (infra/up.sh): the identity each sidecar's
    // access-control policy checks. daprd reads the CA from DAPR_TRUST_ANCHORS.
    ...(process.env.DAPR_SENTRY_ADDRESS && process.env.DAPR_TRUST_ANCHORS
      ? ['--enable-mtls', '--sentry-address', process.env.DAPR_SENTRY_ADDRESS]
      : []),
    ...resourcesPaths.flatMap((p) => ['--resources-path', p]),
    ...(configFile ? ['--config', resolvePath(configFile)] : []),
  ];
  const daprdLog = createWriteStream(path.join(logDir, `${id}-daprd.log`), { flags: 'a' });
  const sidecar = spawn(daprd, daprdArgs, { cwd: stateDir, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  // daprdLogDestination: file (default) writes daprd's log to <state>/logs only; otherwise also to the console.
  if (pick('daprdLogDestination', 'file') === 'file') {
    sidecar.stdout.pipe(daprdLog, { end: false });
    sidecar.stderr.pipe(daprdLog, { end: false });
  } else {
    prefixed(sidecar.stdout, `[${id}:daprd]`, colour, daprdLog);
    prefixed(sidecar.stderr, `[${id}:daprd]`, colour, daprdLog);
  }

  const [command, ...commandArgs] = app.command ?? [];
  if (!command) fail(`${id}: no command`);
  const env = {
    ...process.env,
    ...(common.env ?? {}),
    ...(app.env ?? {}),
    APP_ID: id,
    ...(app.appPort ? { APP_PORT: String(app.appPort) } : {}),
    DAPR_HTTP_PORT: String(app.daprHTTPPort),
    DAPR_GRPC_PORT: String(app.daprGRPCPort),
  };
  for (const [key, value] of Object.entries(env)) env[key] = String(value);
  const appLog = createWriteStream(path.join(logDir, `${id}.log`), { flags: 'a' });
  const child = spawn(command, commandArgs, {
    cwd: resolvePath(app.appDirPath ?? '.'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixed(child.stdout, `[${id}]`, colour, appLog);
  prefixed(child.stderr, `[${id}]`, colour, appLog);

  const entry = children.find((c) => c.id === id) ?? { id, app, restarts: [] };
  entry.sidecar = sidecar;
  entry.child = child;
  if (!children.includes(entry)) children.push(entry);
  for (const [proc, other, what] of [
    [sidecar, child, 'daprd'],
    [child, sidecar, 'app'],
  ]) {
    proc.on('exit', (code, signal) => {
      writeStatus();
      if (stopping) {
        if (children.every((c) => exited(c.sidecar) && exited(c.child))) process.exit(0);
        return;
      }
      process.stdout.write(`dapr-run: ${id} ${what} exited (${signal ?? `code ${code}`})\n`);
      if (entry.restarting || (proc !== entry.sidecar && proc !== entry.child)) return;
      entry.restarting = true;
      // The pair goes down and comes back together, as a pod would.
      if (!exited(other)) other.kill('SIGKILL');
      const now = Date.now();
      entry.restarts = entry.restarts.filter((t) => now - t < 60_000);
      if (entry.restarts.length >= 10) {
        process.stdout.write(`dapr-run: ${id} restarted 10 times in a minute; leaving it down\n`);
        return;
      }
      entry.restarts.push(now);
      const restart = () => {
        if (stopping) return;
        // A test may hold an app down (<state>/run/hold/<app-id>) to simulate an outage.
        if (!exited(entry.sidecar) || !exited(entry.child) || existsSync(path.join(runDir, 'hold', id))) {
          setTimeout(restart, 100);
          return;
        }
        process.stdout.write(`dapr-run: restarting ${id}\n`);
        entry.restarting = false;
        start(app, index);
        writeStatus();
      };
      setTimeout(restart, 1000);
    });
  }
}

function writeStatus() {
  const status = Object.fromEntries(
    children.map(({ id, app, sidecar, child }) => [
      id,
      {
        appPid: exited(child) ? null : child.pid,
        daprdPid: exited(sidecar) ? null : sidecar.pid,
        appPort: app.appPort ?? null,
        daprHTTPPort: app.daprHTTPPort,
      },
    ]),
  );
  writeFileSync(
    path.join(runDir, 'apps.json'),
    `${JSON.stringify({ runnerPid: process.pid, runFile, outboundAllowedOrigins: process.env.OUTBOUND_ALLOWED_ORIGINS ?? '', apps: status }, null, 2)}\n`,
  );
}

async function waitUntilHealthy() {
  const deadline = Date.now() + Number(process.env.DAPR_RUN_READY_TIMEOUT_MS ?? 180_000);
  const pending = new Set(children.map((c) => c.id));
  while (pending.size > 0 && Date.now() < deadline && !stopping) {
    for (const c of children) {
      if (!pending.has(c.id)) continue;
      try {
        const response = await fetch(`http://127.0.0.1:${c.app.daprHTTPPort}/v1.0/healthz`, {
          signal: AbortSignal.timeout(1000),
        });
        if (response.status === 204) {
          pending.delete(c.id);
          process.stdout.write(`dapr-run: ${c.id} is up (sidecar on ${c.app.daprHTTPPort})\n`);
        }
      } catch {
        // not up yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (pending.size === 0) process.stdout.write(`dapr-run: all ${children.length} apps are up\n`);
  else if (!stopping)
    process.stdout.write(`dapr-run: not healthy yet: ${[...pending].join(', ')} (logs in ${logDir})\n`);
}

function stopAll(signal) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`dapr-run: ${signal}: stopping ${children.length} apps\n`);
  for (const { sidecar, child } of children) {
    child.kill('SIGTERM');
    sidecar.kill('SIGTERM');
  }
  setTimeout(() => {
    for (const { sidecar, child } of children) {
      if (!exited(child)) child.kill('SIGKILL');
      if (!exited(sidecar)) sidecar.kill('SIGKILL');
    }
    process.exit(1);
  }, 20_000).unref();
}

process.on('SIGINT', () => stopAll('SIGINT'));
process.on('SIGTERM', () => stopAll('SIGTERM'));
apps.forEach(start);
writeStatus();
void waitUntilHealthy();
