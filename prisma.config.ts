import { defineConfig } from 'prisma/config';
import { MigrationPg } from './prisma/migration-adapter';

// Prisma's CLI runs its bundled WASM schema engine through the pg driver
// adapter (engine "js"), because its native engine cannot be downloaded here.
// See docs/decisions/001-prisma-migrations-without-engine-download.md.

// The WASM schema engine (prisma 6.19.3) arms long setTimeout()s it never
// clears, so the CLI would linger 10-60 s after finishing. Unref only timers
// created from wasm code.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = function (this: unknown, ...args: Parameters<typeof setTimeout>) {
  const timer = realSetTimeout.apply(this, args);
  if ((args[1] ?? 0) >= 1000 && new Error().stack?.includes('wasm://')) timer.unref?.();
  return timer;
} as typeof setTimeout;

// With engine "js", an unresolvable env("DATABASE_URL") makes the CLI fall back
// to downloading the native query engine. Commands that never connect get a
// placeholder; the others fail fast with a clear message.
if (!process.env.DATABASE_URL) {
  const offline = ['generate', 'validate', 'format', 'version', '--version', '-v'];
  if (!offline.some((arg) => process.argv.includes(arg))) {
    throw new Error('DATABASE_URL must be set for prisma migrate/db commands');
  }
  process.env.DATABASE_URL = 'postgresql://placeholder@localhost:5432/placeholder';
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  engine: 'js',
  experimental: { adapter: true },
  adapter: async () =>
    new MigrationPg(
      // allowExitOnIdle: idle pg pools would keep the CLI alive after it is done.
      { connectionString: process.env.DATABASE_URL as string, allowExitOnIdle: true },
      undefined,
      process.env.SHADOW_DATABASE_URL,
    ),
});
