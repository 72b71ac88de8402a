import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { httpRequest, repoRoot, taskmeshHome, waitFor } from '@taskmesh/testing';

// Other apps, in any language, use Taskmesh through their own Dapr sidecar.

const clientSidecarPort = 3599;

describe('a client that is not TypeScript', () => {
  let sidecar: ChildProcess;

  beforeAll(async () => {
    // The Python app's own sidecar: same Configuration (name resolution), no components of its own.
    sidecar = spawn(
      path.join(taskmeshHome(), 'bin', 'daprd'),
      [
        '--app-id',
        'python-client',
        '--mode',
        'standalone',
        '--dapr-http-port',
        String(clientSidecarPort),
        '--dapr-grpc-port',
        '50199',
        '--dapr-internal-grpc-port',
        '50299',
        '--dapr-listen-addresses',
        '127.0.0.1',
        '--enable-metrics=false',
        '--resources-path',
        path.join(repoRoot, 'dapr-components'),
        '--config',
        path.join(repoRoot, 'dapr-components', 'config.yaml'),
      ],
      { cwd: path.join(taskmeshHome(), 'state'), stdio: 'ignore' },
    );
    await waitFor('the python client’s sidecar', async () => {
      const health = await httpRequest(`http://127.0.0.1:${clientSidecarPort}/v1.0/healthz/outbound`, {
        timeoutMs: 1000,
      });
      return health.status === 204 ? true : undefined;
    });
  });

  afterAll(() => {
    sidecar.kill('SIGTERM');
  });

  it('creates, lists and completes tasks from Python (standard library only) through its own sidecar', () => {
    const output = execFileSync('python3', [path.join(repoRoot, 'tests/clients/taskmesh_client.py')], {
      env: { ...process.env, DAPR_HTTP_PORT: String(clientSidecarPort) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const result = JSON.parse(output);
    expect(result.listed).toEqual([result.created]);
    expect(result.completedStatus).toBe('done');
    expect(result.badInputStatus).toBe(400);
    expect(result.badInputFields).toEqual(['title']);
  });
});

describe('the app API token', () => {
  it('makes tasks-api refuse calls that do not come through its sidecar', async () => {
    const direct = await httpRequest('http://127.0.0.1:3101/tasks', { method: 'POST', body: { title: 'sneaky' } });
    expect(direct.status).toBe(401);
    expect(direct.body.detail).toBe('This app only accepts calls through its Dapr sidecar');
    const forged = await httpRequest('http://127.0.0.1:3101/tasks', { headers: { 'dapr-api-token': 'guess' } });
    expect(forged.status).toBe(401);
    // Probes carry no token and reveal nothing, so they stay open.
    expect((await httpRequest('http://127.0.0.1:3101/healthz')).status).toBe(200);
  });
});
