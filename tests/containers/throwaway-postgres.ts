import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pinnedVersion } from '@taskmesh/testing';

const run = promisify(execFile);

/** The host's Debian PostgreSQL binaries, of the major infra/versions.env pins. */
const binDir = () => `/usr/lib/postgresql/${pinnedVersion('POSTGRES_MAJOR')}/bin`;

export interface ThrowawayPostgres {
  /** A URL of database `taskmesh` on 127.0.0.1 (the superuser `postgres` without a password by default). */
  url: (user?: string, password?: string) => string;
  stop: () => Promise<void>;
}

/**
 * A PostgreSQL of its own for one test file (issue 17): data in a temporary
 * folder, listening on 127.0.0.1:PORT only. The superuser signs in by trust;
 * every other role needs its password (scram), so a test can tell whether a
 * password was set. PostgreSQL refuses to run as root, so as root the server
 * runs as the Debian package's `postgres` user.
 */
export async function startThrowawayPostgres(port: number): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'taskmesh-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    chownSync(dir, Number(stdout.trim()), -1);
  }
  const pg = (command: string, ...args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(binDir(), command), ...args], { timeout: 60_000 })
      : run(path.join(binDir(), command), args, { timeout: 60_000 });
  const data = path.join(dir, 'data');
  const stop = async () => {
    await pg('pg_ctl', '-D', data, '-m', 'immediate', 'stop').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pg('initdb', '-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync');
    writeFileSync(
      path.join(data, 'pg_hba.conf'),
      'local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n',
    );
    await pg(
      'pg_ctl',
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    );
    await pg('createdb', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'taskmesh');
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: (user = 'postgres', password) =>
      `postgresql://${user}${password ? `:${encodeURIComponent(password)}` : ''}@127.0.0.1:${port}/taskmesh`,
    stop,
  };
}
