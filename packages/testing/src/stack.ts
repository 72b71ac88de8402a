import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { parse } from 'yaml';
import { taskmeshHome } from './database';
import { waitFor } from './wait-for';

export const repoRoot = path.resolve(__dirname, '../../..');

interface RunFileApp {
  appID: string;
  appPort?: number;
  daprHTTPPort: number;
  /** daprd's Prometheus port. */
  metricsPort: number;
  appDirPath: string;
  env?: Record<string, string>;
}

/** The apps of dapr.yaml, as the integration tests reach them. */
export function runFileApps(): RunFileApp[] {
  const spec = parse(readFileSync(path.join(repoRoot, 'dapr.yaml'), 'utf8')) as { apps: RunFileApp[] };
  return spec.apps;
}

export function sidecarPort(appId: string): number {
  const app = runFileApps().find((a) => a.appID === appId);
  if (!app) throw new Error(`${appId} is not in dapr.yaml`);
  return app.daprHTTPPort;
}

/**
 * Tests call Taskmesh the way any other app would: through a Dapr sidecar's
 * service invocation API. They use the web app's sidecar, as the UI does.
 * Raw HTTP on purpose (issue 16): these helpers exercise the sidecar's HTTP
 * surface itself (status codes, headers, the paths a forged request tries),
 * which the SDK's invoker hides (docs/decisions/006-dapr-sdk.md).
 */
export const clientSidecarPort = (): number => Number(process.env.TEST_SIDECAR_HTTP_PORT ?? sidecarPort('web'));

export interface InvokeResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * The token every local sidecar requires on its API (DAPR_API_TOKEN, made by
 * infra/lib.sh). Tests act as an app on this machine that holds it.
 */
let cachedDaprApiToken: string | undefined;
export const daprApiToken = (): string => {
  // Read once: httpRequest sends it on every sidecar call, and it never changes while a stack runs.
  // TASKMESH_DAPR_API_TOKEN: another deployment's, e.g. the compose one's (`npm run dapr-token`, issue 17).
  cachedDaprApiToken ??=
    process.env.TASKMESH_DAPR_API_TOKEN ??
    readFileSync(path.join(taskmeshHome(), 'state', 'dapr-api-token'), 'utf8').trim();
  return cachedDaprApiToken;
};

/** POST/GET/... `method` on `appId` through the client sidecar. */
export function invoke<T = any>(
  appId: string,
  method: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<InvokeResult<T>> {
  return httpRequest<T>(`http://127.0.0.1:${clientSidecarPort()}/v1.0/invoke/${appId}/method/${method}`, init);
}

/**
 * `method` on `appId` through that app's own sidecar, as an operator (or a
 * cron binding) reaches its operational routes (/stats, /bindings/..., sweeps):
 * a local invocation, which carries no caller app id and which no other app
 * may make (issue 15).
 */
export function invokeOwn<T = any>(
  appId: string,
  method: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  port = sidecarPort(appId),
): Promise<InvokeResult<T>> {
  return httpRequest<T>(`http://127.0.0.1:${port}/v1.0/invoke/${appId}/method/${method}`, init);
}

const sidecarApi = /^http:\/\/127\.0\.0\.1:\d+\/v1\.0/;

/**
 * One HTTP request without connection reuse (node:http, no keep-alive agent),
 * so no socket outlives a test and jest exits cleanly.
 */
export function httpRequest<T = any>(
  url: string,
  init: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    timeoutMs?: number;
    /** The address to connect from (any of 127.0.0.0/8 on loopback): a client of its own, as web sees it. */
    localAddress?: string;
  } = {},
): Promise<InvokeResult<T>> {
  const payload =
    init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: init.method ?? 'GET',
        agent: false,
        timeout: init.timeoutMs ?? 30_000,
        ...(init.localAddress ? { localAddress: init.localAddress } : {}),
        headers: {
          ...(payload !== undefined
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
          ...(sidecarApi.test(url) ? { 'dapr-api-token': daprApiToken() } : {}),
          ...init.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          let body: unknown = text;
          if ((headers.get('content-type') ?? '').includes('json') && text.length > 0) body = JSON.parse(text);
          resolve({ status: res.statusCode ?? 0, headers, body: body as T });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${init.method ?? 'GET'} ${url} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Waits until calls to `appId` through service invocation reach a live
 * instance eight times in a row: after a test holds an app down and starts a
 * replica of its own, name resolution still names the held-down instance
 * until its entry goes stale (a few seconds), and a caller picks either.
 */
export async function reachableThroughMesh(appId: string): Promise<void> {
  await waitFor(
    `${appId} through service invocation, eight times in a row`,
    async () => {
      for (let i = 0; i < 8; i += 1) if ((await invoke(appId, 'openapi.json')).status !== 200) return undefined;
      return true;
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
}
