import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { taskmeshHome, waitFor } from '@taskmesh/testing';

// The one-node cluster of `npm run cluster:up` (issue 18), as the cluster
// suite reaches it: kubectl with the cluster's kubeconfig, and port-forwards
// to a pod's ports (the way an operator reaches a sidecar from outside).

export const namespace = process.env.TASKMESH_CLUSTER_NAMESPACE ?? 'taskmesh';
const clusterDir = () => path.join(taskmeshHome(), 'state', 'cluster');
const bin = (name: string) => path.join(taskmeshHome(), 'bin', name);
const env = () => ({
  ...process.env,
  KUBECONFIG: process.env.KUBECONFIG ?? path.join(clusterDir(), 'admin.kubeconfig'),
});

const run = promisify(execFile);

/** `kubectl ARGS` against the cluster; its stdout. */
export async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run(bin('kubectl'), args, { env: env(), maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 });
  return stdout;
}

/** `helm ARGS` against the cluster; its stdout. */
export async function helm(...args: string[]): Promise<string> {
  const { stdout } = await run(bin('helm'), args, { env: env(), maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
  return stdout;
}

/** Parsed `kubectl get ... -o json`. */
export async function kubeJson<T = any>(...args: string[]): Promise<T> {
  return JSON.parse(await kubectl('get', '-o', 'json', ...args)) as T;
}

export interface Pod {
  metadata: {
    name: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
  };
  spec: { containers: Array<{ name: string; image: string }> };
  status: {
    phase: string;
    podIP?: string;
    containerStatuses?: Array<{ name: string; ready: boolean; restartCount: number }>;
  };
}

const isReady = (p: Pod) =>
  p.status.phase === 'Running' && !p.metadata.deletionTimestamp && !!p.status.containerStatuses?.every((c) => c.ready);
const podsLabelled = async (appId: string) =>
  (await kubeJson<{ items: Pod[] }>('pods', '-n', namespace, '-l', `app.kubernetes.io/name=${appId}`)).items;

/** The running, ready pods of one Taskmesh app. */
export async function podsOf(appId: string): Promise<Pod[]> {
  return (await podsLabelled(appId)).filter(isReady);
}

/** Waits until `appId` has exactly `replicas` ready pods and no others terminating. */
export async function waitForReplicas(appId: string, replicas: number, timeoutMs = 180_000): Promise<Pod[]> {
  return waitFor(
    `${replicas} ready pod(s) of ${appId}`,
    async () => {
      const all = await podsLabelled(appId);
      return all.length === replicas && all.every(isReady) ? all : undefined;
    },
    { timeoutMs, intervalMs: 1000 },
  );
}

/** A Secret's key, decoded. */
export async function secretValue(name: string, key: string, ns = namespace): Promise<string> {
  const secret = await kubeJson<{ data: Record<string, string> }>('secret', name, '-n', ns);
  return Buffer.from(secret.data[key] ?? '', 'base64').toString('utf8');
}

export interface PortForward {
  port: number;
  close(): Promise<void>;
}

/**
 * `kubectl port-forward TARGET :REMOTE` on a free local port of 127.0.0.1.
 * TARGET is e.g. `deploy/web` (kubectl picks one of its pods) or `pod/NAME`.
 */
export function portForward(target: string, remotePort: number, ns = namespace): Promise<PortForward> {
  const child: ChildProcess = spawn(
    bin('kubectl'),
    ['port-forward', '-n', ns, '--address', '127.0.0.1', target, `:${remotePort}`],
    { env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      child.kill('SIGTERM');
      reject(new Error(`port-forward ${target} ${remotePort}: ${why}\n${output}`));
    };
    const timer = setTimeout(() => fail('no "Forwarding from" line within 30 s'), 30_000);
    child.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    child.once('exit', (code) => fail(`exited with ${code}`));
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
      const match = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        port: Number(match[1]),
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
