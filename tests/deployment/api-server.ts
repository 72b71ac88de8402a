import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { taskmeshHome, waitFor } from '@taskmesh/testing';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from './api-schemas';

/**
 * A real Kubernetes API server with no nodes: etcd and kube-apiserver, both
 * built from Go modules by infra/setup.sh, on loopback ports below the
 * ephemeral range. Enough to install CRDs and to dry-run every object of the
 * chart through admission and strict field validation, as `kubectl apply
 * --dry-run=server --validate=strict` would.
 */
export interface ApiServer {
  call(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** POSTs the object to its collection with dryRun=All and fieldValidation=Strict. */
  dryRun(object: KubernetesObject, namespace: string): Promise<{ status: number; message: string }>;
  /** Dry-runs every object; returns those the server refused, as "Kind/name: status message". */
  refused(objects: KubernetesObject[], namespace: string): Promise<string[]>;
  /** Creates the namespace, unless it exists. */
  createNamespace(name: string): Promise<void>;
  applyCrds(dir: string): Promise<void>;
  stop(): void;
}

/**
 * Loopback ports below the ephemeral range. Jest runs the deployment test files
 * side by side, so each file that starts a server passes its own set.
 */
export interface ApiServerPorts {
  etcd: number;
  etcdPeer: number;
  api: number;
}
const defaultPorts: ApiServerPorts = { etcd: 23790, etcdPeer: 23800, api: 26443 };

export async function startApiServer(ports: ApiServerPorts = defaultPorts): Promise<ApiServer> {
  const bin = path.join(taskmeshHome(), 'bin');
  const dir = mkdtempSync(path.join(tmpdir(), 'taskmesh-apiserver-'));
  const token = randomBytes(24).toString('hex');
  writeFileSync(path.join(dir, 'tokens.csv'), `${token},taskmesh-test,1,"system:masters"\n`);
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(path.join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(path.join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));

  const processes: ChildProcess[] = [];
  const logs: string[] = [];
  const run = (command: string, args: string[]) => {
    const child = spawn(path.join(bin, command), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => {
      logs.push(chunk.toString());
      if (logs.length > 200) logs.shift();
    });
    processes.push(child);
  };
  const stop = () => {
    for (const child of processes) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };

  run('etcd', [
    '--data-dir',
    path.join(dir, 'etcd'),
    '--listen-client-urls',
    `http://127.0.0.1:${ports.etcd}`,
    '--advertise-client-urls',
    `http://127.0.0.1:${ports.etcd}`,
    '--listen-peer-urls',
    `http://127.0.0.1:${ports.etcdPeer}`,
    '--initial-advertise-peer-urls',
    `http://127.0.0.1:${ports.etcdPeer}`,
    '--initial-cluster',
    `default=http://127.0.0.1:${ports.etcdPeer}`,
  ]);
  run('kube-apiserver', [
    `--etcd-servers=http://127.0.0.1:${ports.etcd}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${ports.api}`,
    `--cert-dir=${path.join(dir, 'certs')}`,
    `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${path.join(dir, 'sa.pub')}`,
    `--service-account-signing-key-file=${path.join(dir, 'sa.key')}`,
    '--service-cluster-ip-range=10.96.0.0/16',
  ]);

  function call(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: any }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: ports.api,
          path: urlPath,
          method,
          // The server's certificate is self-signed (--cert-dir); the token is ours.
          rejectUnauthorized: false,
          headers: {
            authorization: `Bearer ${token}`,
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {}
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  try {
    await waitFor(
      'kube-apiserver to be ready',
      async () => ((await call('GET', '/readyz').catch(() => ({ status: 0 }))).status === 200 ? true : undefined),
      { timeoutMs: 90_000, intervalMs: 500 },
    );
  } catch (error) {
    stop();
    throw new Error(`${(error as Error).message}\n${logs.join('').slice(-3000)}`);
  }

  // Where each kind lives: from the server's own discovery documents.
  const resources = new Map<string, { plural: string; namespaced: boolean }>();
  async function resourceOf(apiVersion: string, kind: string) {
    const key = `${apiVersion}/${kind}`;
    if (!resources.has(key)) {
      const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      const { status, body } = await call('GET', base);
      if (status === 200)
        for (const r of body.resources as Array<{ name: string; kind: string; namespaced: boolean }>)
          if (!r.name.includes('/'))
            resources.set(`${apiVersion}/${r.kind}`, { plural: r.name, namespaced: r.namespaced });
    }
    return resources.get(key);
  }

  async function dryRun(object: KubernetesObject, namespace: string) {
    const resource = await resourceOf(object.apiVersion, object.kind);
    if (!resource) return { status: 0, message: `the API server does not serve ${object.apiVersion} ${object.kind}` };
    const base = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
    const scope = resource.namespaced ? `/namespaces/${namespace}` : '';
    const { status, body } = await call(
      'POST',
      `${base}${scope}/${resource.plural}?dryRun=All&fieldValidation=Strict`,
      object,
    );
    return { status, message: typeof body === 'object' ? (body.message ?? '') : String(body) };
  }

  return {
    call,
    stop,
    dryRun,
    async refused(objects, namespace) {
      const refused: string[] = [];
      for (const object of objects) {
        const { status, message } = await dryRun(object, namespace);
        if (status !== 201) refused.push(`${object.kind}/${object.metadata.name}: ${status} ${message}`);
      }
      return refused;
    },
    async createNamespace(name) {
      const created = await call('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });
      if (created.status !== 201 && created.status !== 409)
        throw new Error(`namespace ${name}: ${created.status} ${JSON.stringify(created.body).slice(0, 500)}`);
    },
    async applyCrds(crdDir) {
      for (const file of readdirSync(crdDir).filter((f) => f.endsWith('.yaml'))) {
        for (const doc of parseAllDocuments(readFileSync(path.join(crdDir, file), 'utf8'))) {
          const crd = doc.toJS() as KubernetesObject | null;
          if (crd?.kind !== 'CustomResourceDefinition') continue;
          const created = await call('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
          if (created.status !== 201 && created.status !== 409)
            throw new Error(
              `CRD ${crd.metadata.name}: ${created.status} ${JSON.stringify(created.body).slice(0, 500)}`,
            );
          await waitFor(`CRD ${crd.metadata.name} to be established`, async () => {
            const { body } = await call(
              'GET',
              `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`,
            );
            const established = (body.status?.conditions ?? []).some(
              (c: { type: string; status: string }) => c.type === 'Established' && c.status === 'True',
            );
            return established ? true : undefined;
          });
        }
      }
      resources.clear();
    },
  };
}
