import { spawn } from 'node:child_process';
import path from 'node:path';
import { taskmeshHome } from './database';
import { httpRequest, repoRoot } from './stack';
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
 * healthy. With `app`, also starts that app's server on `appPort`.
 */
export async function startSidecar(options: {
  appId: string;
  httpPort: number;
  grpcPort: number;
  internalGrpcPort: number;
  /** `nodeArgs`: extra node flags for the app, e.g. --cpu-prof to profile it under a benchmark. */
  app?: { dir: string; port: number; env?: Record<string, string>; nodeArgs?: string[] };
}): Promise<ExtraSidecar> {
  const { appId, httpPort, grpcPort, internalGrpcPort, app } = options;
  const appProcess = app
    ? spawn('node', [...(app.nodeArgs ?? []), '--import', 'tsx', 'src/server.ts'], {
        cwd: path.join(repoRoot, app.dir),
        env: {
          ...process.env,
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
      ...['--resources-path', path.join(repoRoot, 'dapr-components')],
      ...['--config', path.join(repoRoot, 'dapr-components', 'config.yaml')],
    ],
    // The state directory: where the local secrets file and the name-resolution database live.
    { cwd: path.join(taskmeshHome(), 'state'), env: process.env, stdio: 'ignore' },
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
