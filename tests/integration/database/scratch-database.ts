import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type DbSchema, databaseRoleOf } from '@taskmesh/contracts';
import { createPrismaClient, type PrismaClient } from '@taskmesh/db';
import { localSecret } from '@taskmesh/testing';
import { Client } from 'pg';

// Tests of migrations need a database of their own on the local server: they
// stop the migration history at a point, write rows in the layout of that
// point, then apply the rest. Every service role is cluster-wide, so a
// service's connection URL works there once its database name is swapped.

export const migrationsDir = path.resolve(__dirname, '../../../prisma/migrations');

/** Every migration's folder name, oldest first. */
export const migrationNames = readdirSync(migrationsDir)
  .filter((name) => /^\d{14}_/.test(name))
  .sort();

export interface ScratchDatabase {
  readonly name: string;
  /** Connection URL of the database: `database-url` (the role that runs migrations) or a service role's secret. */
  url(secret?: string): string;
  /** Connected as the role that runs migrations. */
  readonly admin: Client;
  /** A Prisma client connected as the schema owner's own role (one per schema; drop() disconnects it). */
  as(schema: DbSchema): PrismaClient;
  /** Applies these migrations in order, each script sent whole, as `prisma migrate deploy` does (docs/decisions/001). */
  apply(names: readonly string[]): Promise<void>;
  drop(): Promise<void>;
}

const onServer = async (sql: string) => {
  const server = new Client({ connectionString: localSecret('database-url') });
  await server.connect();
  try {
    await server.query(sql);
  } finally {
    await server.end();
  }
};

/** Creates an empty database named `taskmesh_<label>_<pid>`; drop() it in afterAll. */
export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const name = `taskmesh_${label}_${process.pid}`;
  const url = (secret = 'database-url') =>
    Object.assign(new URL(localSecret(secret)), { pathname: `/${name}` }).toString();
  await onServer(`CREATE DATABASE ${name}`);
  const admin = new Client({ connectionString: url() });
  await admin.connect();
  const owners = new Map<DbSchema, PrismaClient>();
  return {
    name,
    url,
    admin,
    as(schema) {
      let db = owners.get(schema);
      if (!db) {
        db = createPrismaClient(url(databaseRoleOf[schema].secret), { poolSize: 1 });
        owners.set(schema, db);
      }
      return db;
    },
    async apply(names) {
      for (const migration of names) {
        await admin.query(readFileSync(path.join(migrationsDir, migration, 'migration.sql'), 'utf8'));
      }
    },
    async drop() {
      await Promise.all([...owners.values()].map((db) => db.$disconnect()));
      await admin.end();
      await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
