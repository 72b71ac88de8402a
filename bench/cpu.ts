// CPU used by each process of the stack during a benchmark phase (issue 21:
// "CPU per operation printed by every benchmark for every process"), read
// from /proc, so a regression shows where it came from: an app, its sidecar,
// PostgreSQL, Kafka, or the load generator itself.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

const ticksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).

/** Which part of the stack a process is, from its command line and folder; undefined for the rest. */
function roleOf(pid: number, argv: string[]): string | undefined {
  if (pid === process.pid) return 'load generator';
  const exe = path.basename(argv[0] ?? '');
  if (exe === 'daprd') {
    const appId = argv[argv.indexOf('--app-id') + 1];
    return `daprd (${appId ?? '?'})`;
  }
  if (exe.startsWith('postgres')) return 'postgresql';
  if (exe === 'java' && argv.includes('kafka.Kafka')) return 'kafka';
  if (exe.startsWith('redis-server')) return 'redis';
  if (exe === 'node' || exe.endsWith('/node')) {
    let cwd = '';
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      return undefined;
    }
    const service = /\/services\/([a-z-]+)$/.exec(cwd)?.[1];
    if (service) return service;
    if (cwd.endsWith('/web')) return 'web';
    if (cwd.endsWith('/bench/noop-app')) return 'no-op app (ceiling)';
    if (cwd.endsWith('/bench/fanout-server')) return 'socket.io alone (ceiling)';
    if (argv.some((a) => a.endsWith('dapr-run.mjs'))) return 'dapr-run (log routing)';
  }
  return undefined;
}

/** CPU seconds (user + system, all threads) so far of each role's processes. */
export function cpuByRole(): Map<string, number> {
  const totals = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const role = roleOf(pid, argv);
      if (!role) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name in parentheses: utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
      totals.set(role, (totals.get(role) ?? 0) + seconds);
    } catch {
      // The process ended between listing and reading: it used nothing more.
    }
  }
  return totals;
}

/** CPU per role between two readings: ms per request and share of one core. */
export interface CpuUse {
  role: string;
  msPerRequest: number;
  cores: number;
}

export function cpuBetween(
  before: Map<string, number>,
  after: Map<string, number>,
  requests: number,
  seconds: number,
): CpuUse[] {
  return [...after.entries()]
    .map(([role, total]) => {
      const used = total - (before.get(role) ?? 0);
      return { role, msPerRequest: (used * 1000) / Math.max(requests, 1), cores: used / seconds };
    })
    .filter((use) => use.cores >= 0.005)
    .sort((a, b) => b.cores - a.cores);
}

/** `unit`: what one operation of the phase is (a request, an event, a reminder, a row). */
export function formatCpu(phase: string, uses: CpuUse[], unit = 'request'): string {
  const total = uses.reduce((sum, use) => sum + use.cores, 0);
  const perRequest = uses.reduce((sum, use) => sum + use.msPerRequest, 0);
  const lines = uses.map(
    (use) =>
      `  ${use.role.padEnd(26)} ${use.msPerRequest.toFixed(2).padStart(7)} ms/${unit}  ${(use.cores * 100).toFixed(0).padStart(4)}% of a core`,
  );
  return [
    `CPU during ${phase}: ${(total * 100).toFixed(0)}% of one core in all, ${perRequest.toFixed(2)} ms per ${unit}`,
    ...lines,
  ].join('\n');
}

/** Measures one phase: call once at its start; the returned function, at its end, formats the CPU per operation. */
export function cpuPhase(): (phase: string, operations: number, unit: string) => string {
  const before = cpuByRole();
  const started = performance.now();
  return (phase, operations, unit) =>
    formatCpu(phase, cpuBetween(before, cpuByRole(), operations, (performance.now() - started) / 1000), unit);
}
