import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { taskmeshHome } from './database';
import { daprApiToken, httpRequest, repoRoot } from './stack';
import { waitFor } from './wait-for';

export interface ExtraSidecar {
  /** SIGTERM to both: a graceful shutdown. */
  stop(): void;
  /** SIGKILL to both: a crash. */
  kill(): void;
  /** The app's process id (with `app`). */
  appPid?: number;
}

/**
 * Starts a daprd for a test (another client app, or a second replica of an
 * app) with the stack's Configuration and components, and waits until it is
 * healthy. With `app`, also starts that app's server on `appPort`. `appId`
 * must have a Configuration in dapr-components/config/ unless `configPath` names one.
 */
export async function startSidecar(options: {
  appId: string;
  httpPort: number;
  grpcPort: number;
  internalGrpcPort: number;
  /** `nodeArgs`: extra node flags for the app, e.g. --cpu-prof to profile it under a benchmark. */
  app?: { dir: string; port: number; env?: Record<string, string>; nodeArgs?: string[] };
  /** A Configuration other than the app's own (a benchmark's app has none in dapr-components/config/). */
  configPath?: string;
  /** Components other than the stack's (dapr-components/). */
  resourcesPath?: string;
}): Promise<ExtraSidecar> {
  const { appId, httpPort, grpcPort, internalGrpcPort, app } = options;
  const configPath = options.configPath ?? path.join(repoRoot, 'dapr-components', 'config', `${appId}.yaml`);
  const appProcess = app
    ? spawn('node', [...(app.nodeArgs ?? []), '--import', 'tsx', 'src/server.ts'], {
        cwd: path.join(repoRoot, app.dir),
        env: {
          ...process.env,
          DAPR_API_TOKEN: daprApiToken(),
          ...app.env,
          APP_ID: appId,
          APP_PORT: String(app.port),
          DAPR_HTTP_PORT: String(httpPort),
        },
        stdio: 'ignore',
      })
    : undefined;
  const sidecar = spawn(
    path.join(taskmeshHome(), 'bin', 'daprd'),
    [
      ...['--app-id', appId, '--mode', 'standalone'],
      ...(app ? ['--app-port', String(app.port), '--app-channel-address', '127.0.0.1'] : []),
      ...['--dapr-http-port', String(httpPort), '--dapr-grpc-port', String(grpcPort)],
      ...['--dapr-internal-grpc-port', String(internalGrpcPort), '--dapr-listen-addresses', '127.0.0.1'],
      '--enable-metrics=false',
      ...['--resources-path', options.resourcesPath ?? path.join(repoRoot, 'dapr-components')],
      // The app's own Configuration (secret scopes, who may invoke it), as in dapr.yaml.
      ...['--config', configPath],
      // mTLS from the stack's Sentry (the address `dapr run` gives), so access control knows this sidecar's identity.
      ...['--enable-mtls', '--sentry-address', 'localhost:50001'],
    ],
    // The local secrets file and the name-resolution database, as infra/lib.sh's load_sidecar_env names them.
    {
      cwd: path.join(repoRoot, app?.dir ?? '.'),
      env: {
        ...process.env,
        DAPR_API_TOKEN: daprApiToken(),
        TASKMESH_SECRETS_FILE: path.join(taskmeshHome(), 'state', 'secrets.json'),
        TASKMESH_NAME_RESOLUTION_DB: path.join(taskmeshHome(), 'state', 'nameresolution.db'),
        DAPR_TRUST_ANCHORS: readFileSync(path.join(taskmeshHome(), 'state', 'sentry', 'ca.crt'), 'utf8'),
      },
      stdio: 'ignore',
    },
  );
  const stop = () => {
    sidecar.kill('SIGTERM');
    appProcess?.kill('SIGTERM');
  };
  const kill = () => {
    sidecar.kill('SIGKILL');
    appProcess?.kill('SIGKILL');
  };
  try {
    await waitFor(
      `the ${appId} sidecar on ${httpPort}`,
      async () => {
        // daprd's own health probe, as Kubernetes reads it (raw HTTP on purpose, issue 16).
        const health = await httpRequest(`http://127.0.0.1:${httpPort}/v1.0/healthz`, { timeoutMs: 1000 }).catch(
          () => undefined,
        );
        return health?.status === 204 ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
  } catch (error) {
    stop();
    throw error;
  }
  return { stop, kill, appPid: appProcess?.pid };
}
