import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Non-negotiable: services reach brokers and caches only through their Dapr
// sidecars. No workspace may depend, directly or transitively, on a Kafka,
// Redis or socket.io-adapter client; no service source may call another
// service's port.

const root = path.resolve(__dirname, '../..');
const forbidden = [
  /^kafkajs$/,
  /^node-rdkafka$/,
  /^@confluentinc\//,
  /^@platformatic\/kafka$/,
  /^kafka-node$/,
  /^ioredis$/,
  /^redis$/,
  /^@redis\//,
  /^@socket\.io\/.*adapter/,
  /^socket\.io-redis$/,
];

describe('dependency rules', () => {
  it('has no broker, cache or socket.io-adapter client anywhere in the installed tree', () => {
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    const names = Object.keys(lock.packages)
      .filter((key) => key.includes('node_modules/'))
      .map((key) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => forbidden.some((pattern) => pattern.test(name)))).toEqual([]);
  });

  it('has no service source that dials another service or infrastructure port directly', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules' && entry.name !== 'generated') walk(full);
        } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
          const source = readFileSync(full, 'utf8');
          // App ports are 31xx, infrastructure 55432/56379/59092: code may only dial its sidecar.
          if (/(localhost|127\.0\.0\.1):(31\d\d|55432|56379|59092)\b/.test(source))
            offenders.push(path.relative(root, full));
        }
      }
    };
    for (const dir of ['services', 'web', 'packages']) walk(path.join(root, dir));
    expect(offenders).toEqual([]);
  });
});
