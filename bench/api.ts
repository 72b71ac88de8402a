// npm run bench:api: tasks-api latency and throughput through the Dapr sidecar
// and, in the same run, straight to the app (the sidecar's share is the
// difference). Seeds 100,000 tasks across 1,000 users first (directly in SQL,
// once; seeded tasks have no events). Prints a table; asserts nothing.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createPrismaClient } from '@taskmesh/db';
import { accessTokenSigner } from '@taskmesh/platform';
import { daprApiToken, localSecret, taskmeshHome } from '@taskmesh/testing';
import { type BenchRequest, fixedRate, maxRate, summarize } from './load';

const USERS = 1_000;
const TASKS_PER_USER = 100;
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SIDECAR = 'http://127.0.0.1:3500/v1.0/invoke/tasks-api/method';
const DIRECT = 'http://127.0.0.1:3101';

const words = ['report', 'groceries', 'flights', 'invoice', 'meeting', 'garden', 'budget', 'slides', 'dentist', 'car'];

async function seed(databaseUrl: string) {
  const prisma = createPrismaClient(databaseUrl, { poolSize: 2 });
  try {
    await prisma.$executeRaw`
      INSERT INTO tasks_api.users (id, email, password_hash, updated_at)
      SELECT gen_random_uuid(), 'bench-' || n || '@bench.taskmesh.invalid', '!', now()
      FROM generate_series(1, ${USERS}) AS n
      ON CONFLICT (email) DO NOTHING`;
    const [counted] = await prisma.$queryRaw<Array<{ count: bigint }>>`
      SELECT count(*) FROM tasks_api.tasks t JOIN tasks_api.users u ON u.id = t.owner_id WHERE u.email LIKE 'bench-%@bench.taskmesh.invalid'`;
    const count = Number(counted?.count ?? 0);
    if (count < USERS * TASKS_PER_USER) {
      const started = Date.now();
      await prisma.$executeRaw`
        INSERT INTO tasks_api.tasks (id, owner_id, title, description, status, priority, tags, due_at, created_at, updated_at)
        SELECT gen_random_uuid(), u.id,
          (ARRAY['Write','Review','Plan','Buy','Call','Fix','Clean','Prepare','Send','Book'])[1 + floor(random() * 10)::int]
            || ' ' || (ARRAY['report','groceries','flights','invoice','meeting','garden','budget','slides','dentist','car'])[1 + floor(random() * 10)::int]
            || ' ' || g,
          'Seeded for the API benchmark: task ' || g || ' of ' || u.email,
          (ARRAY['todo','in_progress','done'])[1 + floor(random() * 3)::int]::tasks_api."TaskStatus",
          (ARRAY['low','medium','high','urgent'])[1 + floor(random() * 4)::int]::tasks_api."TaskPriority",
          ARRAY[(ARRAY['work','home','q4','errand','health','finance'])[1 + floor(random() * 6)::int]],
          now() + make_interval(days => floor(random() * 60)::int - 20),
          now() - make_interval(mins => g),
          now()
        FROM tasks_api.users u CROSS JOIN generate_series(1, ${TASKS_PER_USER}) AS g
        WHERE u.email LIKE 'bench-%@bench.taskmesh.invalid'
          AND NOT EXISTS (SELECT 1 FROM tasks_api.tasks t WHERE t.owner_id = u.id)`;
      await prisma.$executeRawUnsafe('ANALYZE tasks_api.tasks');
      console.log(`seeded ${USERS * TASKS_PER_USER} tasks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else {
      console.log(`using ${count} seeded tasks`);
    }
    const rows = await prisma.$queryRaw<Array<{ owner_id: string; ids: string[] }>>`
      SELECT t.owner_id::text, (array_agg(t.id::text))[1:20] AS ids
      FROM tasks_api.tasks t JOIN tasks_api.users u ON u.id = t.owner_id
      WHERE u.email LIKE 'bench-%@bench.taskmesh.invalid' AND t.deleted_at IS NULL
      GROUP BY t.owner_id`;
    return rows;
  } finally {
    await prisma.$disconnect();
  }
}

async function main() {
  const users = await seed(localSecret('database-url'));
  // The operator mints tokens with tasks-api's private key, as tasks-api would after a login.
  const signer = accessTokenSigner(localSecret('jwt-private-key'), 7200);
  const tokens = await Promise.all(users.map(async (u) => (await signer.sign({ id: u.owner_id, role: 'user' })).token));
  const appToken = readFileSync(path.join(taskmeshHome(), 'state', 'app-api-token'), 'utf8').trim();
  const daprToken = daprApiToken();
  const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)] as T;

  const makeNext = (direct: boolean) => (): BenchRequest => {
    const i = Math.floor(Math.random() * users.length);
    const user = users[i] as { ids: string[] };
    const headers: Record<string, string> = {
      authorization: `Bearer ${tokens[i]}`,
      // Straight to the app: the token its sidecar sends it; through the sidecar: the sidecar's own.
      'dapr-api-token': direct ? appToken : daprToken,
    };
    const roll = Math.random();
    if (roll < 0.2) {
      const body = JSON.stringify({ title: `Bench ${pick(words)} ${randomUUID().slice(0, 8)}`, tags: ['bench'] });
      return {
        op: 'create',
        method: 'POST',
        path: '/tasks',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      };
    }
    if (roll < 0.5) return { op: 'get', method: 'GET', path: `/tasks/${pick(user.ids)}`, headers };
    if (roll < 0.8) {
      const filters = pick([
        'status=todo&priority=high,urgent&sort=due',
        'tags=work&sort=priority',
        'overdue=true',
        'anyTags=home,q4',
      ]);
      return { op: 'list', method: 'GET', path: `/tasks?${filters}&limit=20`, headers };
    }
    return { op: 'search', method: 'GET', path: `/tasks?q=${pick(words)}&limit=20`, headers };
  };

  // A fresh stack is slow for its first thousands of requests (JIT in Node and
  // the Go runtime's heap growth in daprd); measure the steady state.
  console.log(`warming up (20 s at ${RATE} req/s through the sidecar, 10 s straight to the app)`);
  await fixedRate('warm-up', SIDECAR, RATE, 20, makeNext(false));
  await fixedRate('warm-up', DIRECT, RATE, 10, makeNext(true));

  const results = [];
  console.log(`fixed rate: ${RATE} req/s for ${SECONDS} s, through the sidecar, then straight to the app`);
  results.push(await fixedRate(`sidecar @${RATE}/s`, SIDECAR, RATE, SECONDS, makeNext(false)));
  results.push(await fixedRate(`direct @${RATE}/s`, DIRECT, RATE, SECONDS, makeNext(true)));
  console.log(`maximum rate: ${CONCURRENCY} concurrent clients for ${MAX_SECONDS} s each way`);
  results.push(await maxRate(`sidecar max (${CONCURRENCY})`, SIDECAR, CONCURRENCY, MAX_SECONDS, makeNext(false)));
  results.push(await maxRate(`direct max (${CONCURRENCY})`, DIRECT, CONCURRENCY, MAX_SECONDS, makeNext(true)));

  console.log(
    `\ntasks-api benchmark: ${users.length} users, ${USERS * TASKS_PER_USER}+ tasks; mix 20% create, 30% get, 30% list with filters, 20% full-text search`,
  );
  console.log(`machine: ${(await import('node:os')).cpus().length} cores; load generator on the same machine\n`);
  console.log(summarize(results));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
