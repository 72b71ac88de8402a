import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

// infra/up.sh must fail clearly when a port is taken and leave nothing it
// started running. Runs in its own TASKMESH_HOME on spare ports, so the stack
// the other tests use is untouched.

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe('infra/up.sh', () => {
  it('names the taken port, exits non-zero and stops what it had started', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'taskmesh-port-test-'));
    const squatter = await listen(0);
    const takenPort = (squatter.address() as { port: number }).port;
    // Below Linux's ephemeral range (32768-60999): a port in it may be the
    // source port of one of the running stack's connections, which
    // PostgreSQL then cannot bind. (With 55,000-55,399, CI once failed here
    // with "PostgreSQL did not start" instead of the taken port's message.)
    const pgPort = 21_000 + Math.floor(Math.random() * 400);
    try {
      const result = spawnSync('bash', [path.join(__dirname, '../../infra/up.sh')], {
        env: {
          ...process.env,
          TASKMESH_HOME: home,
          TASKMESH_PG_PORT: String(pgPort),
          TASKMESH_REDIS_PORT: String(takenPort),
          TASKMESH_KAFKA_PORT: String(pgPort + 1),
          TASKMESH_KAFKA_CONTROLLER_PORT: String(pgPort + 2),
        },
        encoding: 'utf8',
        timeout: 90_000,
      });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(`port ${takenPort} is already taken`);
      expect(result.stdout).toContain('Starting PostgreSQL');
      expect(result.stderr).toContain('Stopping what this run started: postgres');
      // PostgreSQL, which this run had started, is stopped again.
      const probe = spawnSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${pgPort}`]);
      expect(probe.status).not.toBe(0);
    } finally {
      squatter.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
