import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { localClientAppId } from '@taskmesh/contracts';
import { daprApiToken, type ExtraSidecar, httpRequest, repoRoot, startSidecar } from '@taskmesh/testing';

// Other apps, in any language, use Taskmesh through their own Dapr sidecar.

const clientSidecarPort = 3599;

describe('a client that is not TypeScript', () => {
  let sidecar: ExtraSidecar;

  beforeAll(async () => {
    // The Python app's own sidecar: the stack's Configuration (name resolution), no components of its own.
    sidecar = await startSidecar({
      appId: localClientAppId,
      httpPort: clientSidecarPort,
      grpcPort: 3699,
      internalGrpcPort: 3799,
    });
  });

  afterAll(() => {
    sidecar.stop();
  });

  it('creates, lists and completes tasks from Python (standard library only) through its own sidecar', () => {
    const output = execFileSync('python3', [path.join(repoRoot, 'tests/clients/taskmesh_client.py')], {
      env: { ...process.env, DAPR_HTTP_PORT: String(clientSidecarPort), DAPR_API_TOKEN: daprApiToken() },
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
