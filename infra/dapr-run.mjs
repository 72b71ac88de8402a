#!/usr/bin/env node
// Runs a Dapr multi-app run file (dapr.yaml) the way `dapr run -f .` does:
// one daprd sidecar next to each app, read by infra/run-file.mjs exactly as
// the dapr CLI v1.18.0 reads it (same keys, paths, daprd flags, working
// directory and environment; an unknown key is refused). `npm start` uses
// this runner because the CLI cannot be built by setup.sh (the Go module
// proxy refuses github.com/dapr/cli; docs/decisions/002-dapr-from-go-modules.md
// shows the real CLI running the same file).
//
// Differences from the CLI, on purpose: logs go to <state>/logs (the CLI
// writes <appDirPath>/.dapr/logs); the pids are written to <state>/run/apps.json;
// ports must be given (the CLI picks free ones); it waits until every sidecar
// is healthy; and like a Kubernetes pod, an app whose process or sidecar dies
// is restarted (both together, after a second; at most 10 times a minute), so
// a crash test can SIGKILL an app and watch it come back (or hold it down with
// a file <state>/run/hold/<app-id> until the file is removed).
//
// Usage: node infra/dapr-run.mjs -f <dir|file> [--app <id>]... [--dry-run]
// --dry-run prints each app's daprd and app command, working directory and
// environment additions as JSON, and starts nothing.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { appEnv, daprdArgs, daprdEnv, isDirectory, RunFileError, readRunFile } from './run-file.mjs';

const args = process.argv.slice(2);
let runFile = '.';
let dryRun = false;
const only = [];
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '-f' || args[i] === '--run-file') runFile = args[++i];
  else if (args[i] === '--app') only.push(args[++i]);
  else if (args[i] === '--dry-run') dryRun = true;
  else fail(`unknown argument ${args[i]}`);
}
if (isDirectory(runFile)) runFile = path.join(runFile, 'dapr.yaml');
runFile = path.resolve(runFile);

const home =
  process.env.TASKMESH_HOME ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'taskmesh');
const stateDir = path.join(home, 'state');
const logDir = path.join(stateDir, 'logs');
const runDir = path.join(stateDir, 'run');

let allApps;
try {
  allApps = readRunFile(runFile);
} catch (error) {
  if (error instanceof RunFileError) fail(`${runFile}: ${error.message}`);
  throw error;
}
const apps = allApps.filter((app) => only.length === 0 || only.includes(app.appID));
if (apps.length === 0) fail(`no apps to run (asked for ${only.join(', ')})`);
for (const app of apps) {
  for (const key of ['daprHTTPPort', 'daprGRPCPort', 'daprInternalGRPCPort', 'metricsPort'])
    if (!(app[key] > 0)) fail(`${app.appID}: set ${key} (this runner does not pick free ports)`);
  if (!app.command?.[0]) fail(`${app.appID}: no command`);
  if (!dryRun && !existsSync(app.daprd)) fail(`daprd not found at ${app.daprd}; run npm run infra:setup first`);
}

if (dryRun) {
  const plan = apps.map((app) => {
    const env = appEnv(app, {});
    return { appID: app.appID, cwd: app.appDirPath, daprd: [app.daprd, ...daprdArgs(app)], command: app.command, env };
  });
  process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
  process.exit(0);
}
mkdirSync(logDir, { recursive: true });
mkdirSync(runDir, { recursive: true });

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

/** daprdLogDestination / appLogDestination: file, console or fileAndConsole (files under <state>/logs). */
function route(proc, label, colour, file, destination) {
  for (const stream of [proc.stdout, proc.stderr]) {
    if (destination === 'file') stream.pipe(file, { end: false });
    else prefixed(stream, label, colour, destination === 'console' ? undefined : file);
  }
}

function start(app, index) {
  const id = app.appID;
  const colour = colours[index % colours.length];
  const daprdLog = createWriteStream(path.join(logDir, `${id}-daprd.log`), { flags: 'a' });
  // Like the CLI, daprd runs in the app's folder with the caller's environment.
  const sidecar = spawn(app.daprd, daprdArgs(app), {
    cwd: app.appDirPath,
    env: daprdEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  route(sidecar, `[${id}:daprd]`, colour, daprdLog, app.daprdLogDestination);

  const [command, ...commandArgs] = app.command;
  const appLog = createWriteStream(path.join(logDir, `${id}.log`), { flags: 'a' });
  const child = spawn(command, commandArgs, {
    cwd: app.appDirPath,
    env: appEnv(app),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  route(child, `[${id}]`, colour, appLog, app.appLogDestination);

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
        appPort: app.appPort || null,
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
