// The ceilings of each benchmarked path (issue 21), measured in the same run
// on the same machine, so a figure can be read as a share of what this
// machine allows for that path rather than against a number from elsewhere.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, startSidecar, waitFor } from '@taskmesh/testing';
import { type BenchRequest, fixedRate, maxRate, type PhaseResult } from './load';

const noop = { appId: 'bench-noop', appPort: 3195, httpPort: 3595, grpcPort: 3695, internalGrpcPort: 3795 };

/**
 * The no-op app's sidecar Configuration: tasks-api's shipped one (tracing,
 * metrics, mTLS, name resolution: the same sidecar work per call), with no
 * secrets and one policy, web may call it.
 */
function noopConfig(): string {
  const shipped = readFileSync(path.join(repoRoot, 'dapr-components', 'config', 'tasks-api.yaml'), 'utf8');
  const settings = shipped.slice(0, shipped.indexOf('  secrets:')).replace('name: tasks-api', `name: ${noop.appId}`);
  const file = path.join(os.tmpdir(), `taskmesh-${noop.appId}.yaml`);
  writeFileSync(
    file,
    `${settings}  accessControl:
    defaultAction: deny
    trustDomain: public
    policies:
      - appId: web
        defaultAction: allow
        trustDomain: public
        namespace: default
`,
  );
  return file;
}

/**
 * Service invocation's ceiling: a no-op app behind its own sidecar, called
 * through web's sidecar exactly as the API benchmark calls tasks-api (same
 * hop, same tokens), at the benchmark's fixed rate and at its maximum.
 */
export async function invocationCeiling(options: {
  rate: number;
  seconds: number;
  concurrency: number;
  maxSeconds: number;
  daprToken: string;
}): Promise<{ fixed: PhaseResult; max: PhaseResult }> {
  const sidecar = await startSidecar({
    appId: noop.appId,
    httpPort: noop.httpPort,
    grpcPort: noop.grpcPort,
    internalGrpcPort: noop.internalGrpcPort,
    app: { dir: 'bench/noop-app', port: noop.appPort },
    configPath: noopConfig(),
  });
  try {
    const base = `http://127.0.0.1:3500/v1.0/invoke/${noop.appId}/method`;
    const next = (): BenchRequest => ({
      op: 'no-op',
      method: 'GET',
      path: '/noop',
      headers: { 'dapr-api-token': options.daprToken },
    });
    // Until web's sidecar resolves the new app id (name resolution is read, not pushed).
    await waitFor(
      `${noop.appId} through web's sidecar`,
      async () => {
        const probe = await fetch(`${base}/noop`, { headers: next().headers }).catch(() => undefined);
        return probe?.status === 200 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    await fixedRate('warm-up', base, options.rate, 5, next);
    const fixed = await fixedRate(`ceiling: no-op app @${options.rate}/s`, base, options.rate, options.seconds, next);
    const max = await maxRate(
      `ceiling: no-op app max (${options.concurrency})`,
      base,
      options.concurrency,
      options.maxSeconds,
      next,
    );
    return { fixed, max };
  } finally {
    sidecar.stop();
  }
}

/** "figure / ceiling = ratio" for one path, the line the README's tables take. */
export function ratioLine(path: string, figure: number, ceiling: number, unit: string): string {
  const ratio = ceiling > 0 ? figure / ceiling : Number.NaN;
  return `${path}: ${figure.toFixed(0)} ${unit} of a ceiling of ${ceiling.toFixed(0)} ${unit} = ${ratio.toFixed(2)} (target >= 0.5)`;
}
