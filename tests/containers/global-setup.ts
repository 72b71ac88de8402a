import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The container tests reach podman through its Docker-compatible API, as
// testcontainers needs (issue 17): this starts it (or finds it running; it
// exits by itself when idle, so nothing stops it here) and hands its
// environment to every test file. An engine the caller chose with DOCKER_HOST
// is used as it is.
export default function globalSetup(): void {
  if (process.env.DOCKER_HOST) return;
  const script = path.join(__dirname, '../../infra/containers/podman-api.sh');
  execFileSync('bash', [script, 'start'], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 60_000 });
  for (const line of execFileSync('bash', [script, 'env'], { encoding: 'utf8' }).split('\n')) {
    const match = /^export (\w+)=(.*)$/.exec(line);
    if (match?.[1]) process.env[match[1]] = match[2];
  }
}
