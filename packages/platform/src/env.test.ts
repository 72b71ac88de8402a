import { spawnSync } from 'node:child_process';
import path from 'node:path';

// parseEnv must print every bad field and exit non-zero, so it runs in a child process.
describe('parseEnv', () => {
  it('names every bad field and exits 1', () => {
    const script = `
      const { z } = require('zod');
      const { parseEnv, baseEnv } = require('./env');
      parseEnv(z.object(baseEnv), { APP_ID: 'x', APP_PORT: 'not-a-port', DAPR_HTTP_PORT: '70000' });
    `;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: path.join(__dirname),
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid environment');
    expect(result.stderr).toContain('APP_PORT');
    expect(result.stderr).toContain('DAPR_HTTP_PORT');
    expect(result.stderr).not.toContain('APP_ID');
  });
});
