import { Agent, request } from 'node:http';
import { type CpuUse, cpuBetween, cpuByRole, formatCpu } from './cpu';

/** One request the load generator sends. */
export interface BenchRequest {
  op: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface PhaseResult {
  phase: string;
  seconds: number;
  sent: number;
  errors: number;
  statusCounts: Record<string, number>;
  byOp: Record<string, number[]>;
  all: number[];
  /** Latencies of the requests that were answered 2xx or 3xx (under overload: the admitted ones). */
  admitted: number[];
  /** CPU of each process of the stack during the phase. */
  cpu: CpuUse[];
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function send(base: string, req: BenchRequest): Promise<number> {
  return new Promise((resolve) => {
    const r = request(
      `${base}${req.path}`,
      { method: req.method, headers: req.headers, agent, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', () => resolve(0));
    r.end(req.body);
  });
}

const emptyResult = (phase: string, seconds: number): PhaseResult => ({
  phase,
  seconds,
  sent: 0,
  errors: 0,
  statusCounts: {},
  byOp: {},
  all: [],
  admitted: [],
  cpu: [],
});

function record(result: PhaseResult, op: string, status: number, ms: number) {
  result.sent += 1;
  result.statusCounts[status] = (result.statusCounts[status] ?? 0) + 1;
  if (status === 0 || status >= 400) result.errors += 1;
  const samples = result.byOp[op] ?? [];
  samples.push(ms);
  result.byOp[op] = samples;
  result.all.push(ms);
  if (status >= 200 && status < 400) result.admitted.push(ms);
}

/**
 * Open loop at a fixed rate: request i is due at start + i/rate whether or
 * not earlier ones have finished, and its latency counts from when it was due
 * (no coordinated omission: a stall shows up as latency, not as fewer requests).
 */
export async function fixedRate(
  phase: string,
  base: string,
  rate: number,
  seconds: number,
  next: () => BenchRequest,
): Promise<PhaseResult> {
  const result = emptyResult(phase, seconds);
  const total = rate * seconds;
  const cpuBefore = cpuByRole();
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const req = next();
    inFlight.push(send(base, req).then((status) => record(result, req.op, status, performance.now() - due)));
  }
  await Promise.all(inFlight);
  result.seconds = (performance.now() - start) / 1000;
  result.cpu = cpuBetween(cpuBefore, cpuByRole(), result.sent, result.seconds);
  return result;
}

/** Closed loop: `concurrency` workers send back to back for `seconds`: the maximum rate. */
export async function maxRate(
  phase: string,
  base: string,
  concurrency: number,
  seconds: number,
  next: () => BenchRequest,
): Promise<PhaseResult> {
  const result = emptyResult(phase, seconds);
  const cpuBefore = cpuByRole();
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const req = next();
        const t = performance.now();
        const status = await send(base, req);
        record(result, req.op, status, performance.now() - t);
        // A refused client waits as told (Retry-After: 1) instead of spinning on refusals.
        if (status === 429) await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }),
  );
  result.seconds = (performance.now() - start) / 1000;
  result.cpu = cpuBetween(cpuBefore, cpuByRole(), result.sent, result.seconds);
  return result;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export function summarize(results: PhaseResult[]): string {
  const rows = [['phase', 'op', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors']];
  for (const r of results) {
    const ops: Array<[string, number[]]> = [['all', r.all], ...Object.entries(r.byOp)];
    for (const [op, values] of ops) {
      const sorted = [...values].sort((a, b) => a - b);
      rows.push([
        op === 'all' ? r.phase : '',
        op,
        String(values.length),
        op === 'all' ? (values.length / r.seconds).toFixed(0) : '',
        percentile(sorted, 50).toFixed(1),
        percentile(sorted, 95).toFixed(1),
        percentile(sorted, 99).toFixed(1),
        op === 'all' ? `${r.errors}${r.errors ? ` ${JSON.stringify(r.statusCounts)}` : ''}` : '',
      ]);
    }
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  const table = rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
  return [table, ...results.map((r) => formatCpu(r.phase, r.cpu))].join('\n\n');
}

/**
 * One line on an overload phase (issue 21): what share was refused (429 with
 * Retry-After, the intended answer past capacity), how many 5xx were anything
 * else (must be none), and the latency of what was admitted.
 */
export function summarizeOverload(r: PhaseResult, capacity: number): string {
  const shed = r.statusCounts['429'] ?? 0;
  const otherFailures = Object.entries(r.statusCounts)
    .filter(([status]) => Number(status) >= 500 || status === '0')
    .reduce((sum, [, n]) => sum + n, 0);
  const admitted = [...r.admitted].sort((a, b) => a - b);
  return [
    `${r.phase}: offered ${(r.sent / r.seconds).toFixed(0)} req/s against a measured capacity of ${capacity.toFixed(0)} req/s`,
    `  admitted ${admitted.length} (${(admitted.length / r.seconds).toFixed(0)} req/s): p50 ${percentile(admitted, 50).toFixed(1)} ms, p95 ${percentile(admitted, 95).toFixed(1)} ms, p99 ${percentile(admitted, 99).toFixed(1)} ms`,
    `  shed with 429 + Retry-After: ${shed} (${((100 * shed) / r.sent).toFixed(1)}%); other 5xx or no answer: ${otherFailures}`,
    `  all statuses: ${JSON.stringify(r.statusCounts)}`,
  ].join('\n');
}
