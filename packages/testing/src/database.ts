import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { createPrismaClient, type PrismaClient } from '@taskmesh/db';

export const taskmeshHome = (): string =>
  process.env.TASKMESH_HOME ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'taskmesh');

/** A value from the local secret store's file (what the sidecars serve). */
export function localSecret(key: string): string {
  const secrets = JSON.parse(readFileSync(path.join(taskmeshHome(), 'state', 'secrets.json'), 'utf8')) as Record<
    string,
    string
  >;
  const value = secrets[key];
  if (!value) throw new Error(`secret ${key} missing from the local secrets file`);
  return value;
}

/**
 * Direct database access for test set-up and for checking what the services
 * stored (never for the behaviour under test). Disconnect it in afterAll.
 */
export function testDatabase(): PrismaClient {
  return createPrismaClient(localSecret('database-url'), { poolSize: 2 });
}
