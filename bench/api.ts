// npm run bench:api: tasks-api latency and throughput through the Dapr sidecar
// and, in the same run, straight to the app (the sidecar's share is the
// difference). Seeds the data first (bench/api-seed.ts: directly in SQL, once;
// seeded rows have no events). Prints a table per mix; asserts nothing.
// BENCH_MIX=personal|shared|both (default both): the personal mix (one user's
// own tasks) and the shared-projects mix (issue 19: tasks across ~50 projects
// per user, members, comments). Then the ceiling (issue 21): a no-op app
// behind its own sidecar, called the same way, and each mix's maximum as a
// share of it (BENCH_CEILING=0 skips it).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrismaClient } from '@taskmesh/db';
import { accessTokenSigner } from '@taskmesh/platform';
import { daprApiToken, localSecret, taskmeshHome } from '@taskmesh/testing';
import {
  PROJECTS,
  type PersonalUser,
  seedPersonal,
  seedShared,
  TASKS_PER_PROJECT,
  TASKS_PER_USER,
  type TeamUser,
  USERS,
} from './api-seed';
import { invocationCeiling, ratioLine } from './ceilings';
import { type BenchRequest, fixedRate, maxRate, type PhaseResult, summarize, summarizeOverload } from './load';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const MIX = process.env.BENCH_MIX ?? 'both';
const WARM_UP = Number(process.env.BENCH_WARMUP_SECONDS ?? 20);
/** One operation of the mix alone (its op name, e.g. create), to read its own cost per request. */
const ONLY = process.env.BENCH_ONLY_OP;
/** Issue 21: after the maximum rate, offer this many times it for OVERLOAD_SECONDS (0: no overload phase). */
const OVERLOAD_FACTOR = Number(process.env.BENCH_OVERLOAD_FACTOR ?? 2);
const OVERLOAD_SECONDS = Number(process.env.BENCH_OVERLOAD_SECONDS ?? 20);
const SIDECAR = 'http://127.0.0.1:3500/v1.0/invoke/tasks-api/method';
const DIRECT = 'http://127.0.0.1:3101';

const words = ['report', 'groceries', 'flights', 'invoice', 'meeting', 'garden', 'budget', 'slides', 'dentist', 'car'];
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

type Headers = Record<string, string>;
type Mix = (headers: Headers, user: number) => BenchRequest;

const json = (headers: Headers) => ({ ...headers, 'content-type': 'application/json' });

/** 20% create, 30% get, 30% list with filters, 20% full-text search, in the user's Inbox. */
function personalMix(users: PersonalUser[]): Mix {
  return (headers, i) => {
    const user = users[i] as PersonalUser;
    const roll = Math.random();
    if (roll < 0.2) {
      const body = JSON.stringify({ title: `Bench ${pick(words)} ${randomUUID().slice(0, 8)}`, tags: ['bench'] });
      return { op: 'create', method: 'POST', path: '/tasks', headers: json(headers), body };
    }
    if (roll < 0.5) return { op: 'get', method: 'GET', path: `/tasks/${pick(user.taskIds)}`, headers };
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
}

/**
 * Shared projects: 10% create in a project one edits, 20% get a shared task,
 * 15% list across every project, 15% one project's list, 10% assigned to me,
 * 10% search across projects, 10% a task's comments, 5% add a comment, 5% members.
 */
function sharedMix(users: TeamUser[]): Mix {
  return (headers, i) => {
    const user = users[i] as TeamUser;
    const editable = pick(user.editable);
    const taskId = pick(editable.taskIds);
    const roll = Math.random();
    if (roll < 0.1) {
      const body = JSON.stringify({
        title: `Bench ${pick(words)} ${randomUUID().slice(0, 8)}`,
        projectId: editable.projectId,
      });
      return { op: 'create in project', method: 'POST', path: '/tasks', headers: json(headers), body };
    }
    if (roll < 0.3) return { op: 'get shared', method: 'GET', path: `/tasks/${taskId}`, headers };
    if (roll < 0.45) {
      const filters = pick(['status=todo&sort=due', 'priority=high,urgent', 'overdue=true', 'tags=work']);
      return { op: 'list all projects', method: 'GET', path: `/tasks?${filters}&limit=20`, headers };
    }
    if (roll < 0.6)
      return {
        op: 'list one project',
        method: 'GET',
        path: `/tasks?projectId=${pick(user.visible)}&limit=20`,
        headers,
      };
    if (roll < 0.7) return { op: 'assigned to me', method: 'GET', path: '/tasks?assignee=me&limit=20', headers };
    if (roll < 0.8) return { op: 'search shared', method: 'GET', path: `/tasks?q=${pick(words)}&limit=20`, headers };
    if (roll < 0.9) return { op: 'comments', method: 'GET', path: `/tasks/${taskId}/comments`, headers };
    if (roll < 0.95) {
      const body = JSON.stringify({ body: `Bench comment ${randomUUID().slice(0, 8)}` });
      return { op: 'add comment', method: 'POST', path: `/tasks/${taskId}/comments`, headers: json(headers), body };
    }
    return { op: 'members', method: 'GET', path: `/projects/${editable.projectId}/members`, headers };
  };
}

async function runMix(name: string, tokens: string[], mix: Mix): Promise<PhaseResult[]> {
  const appToken = readFileSync(path.join(taskmeshHome(), 'state', 'app-api-token'), 'utf8').trim();
  const daprToken = daprApiToken();
  const makeNext = (direct: boolean) => (): BenchRequest => {
    for (;;) {
      const i = Math.floor(Math.random() * tokens.length);
      // Straight to the app: the token its sidecar sends it; through the sidecar: the sidecar's own.
      const req = mix({ authorization: `Bearer ${tokens[i]}`, 'dapr-api-token': direct ? appToken : daprToken }, i);
      if (!ONLY || req.op === ONLY) return req;
    }
  };
  // A fresh stack is slow for its first thousands of requests (JIT in Node and
  // the Go runtime's heap growth in daprd); measure the steady state.
  console.log(
    `[${name}] warming up (${WARM_UP} s at ${RATE} req/s through the sidecar, half that straight to the app)`,
  );
  await fixedRate('warm-up', SIDECAR, RATE, WARM_UP, makeNext(false));
  await fixedRate('warm-up', DIRECT, RATE, WARM_UP / 2, makeNext(true));
  const results: PhaseResult[] = [];
  console.log(`[${name}] fixed rate: ${RATE} req/s for ${SECONDS} s, through the sidecar, then straight to the app`);
  results.push(await fixedRate(`${name} sidecar @${RATE}/s`, SIDECAR, RATE, SECONDS, makeNext(false)));
  results.push(await fixedRate(`${name} direct @${RATE}/s`, DIRECT, RATE, SECONDS, makeNext(true)));
  console.log(`[${name}] maximum rate: ${CONCURRENCY} concurrent clients for ${MAX_SECONDS} s each way`);
  results.push(
    await maxRate(`${name} sidecar max (${CONCURRENCY})`, SIDECAR, CONCURRENCY, MAX_SECONDS, makeNext(false)),
  );
  results.push(await maxRate(`${name} direct max (${CONCURRENCY})`, DIRECT, CONCURRENCY, MAX_SECONDS, makeNext(true)));
  const sidecarMax = results.find((r) => r.phase.startsWith(`${name} sidecar max`));
  // What it served, not what it refused.
  const capacity = sidecarMax ? sidecarMax.admitted.length / sidecarMax.seconds : RATE;
  capacities.set(name, capacity);
  if (OVERLOAD_FACTOR > 0) {
    const offered = Math.round(capacity * OVERLOAD_FACTOR);
    console.log(`[${name}] overload: ${offered} req/s (${OVERLOAD_FACTOR}x the maximum) for ${OVERLOAD_SECONDS} s`);
    const overload = await fixedRate(
      `${name} sidecar overload @${offered}/s`,
      SIDECAR,
      offered,
      OVERLOAD_SECONDS,
      makeNext(false),
    );
    results.push(overload);
    overloads.push(summarizeOverload(overload, capacity));
  }
  return results;
}

/** The overload phases' lines, printed after the tables. */
const overloads: string[] = [];
/** Each mix's maximum rate through the sidecar, set beside the ceiling. */
const capacities = new Map<string, number>();

async function main() {
  if (!['personal', 'shared', 'both'].includes(MIX))
    throw new Error(`BENCH_MIX must be personal, shared or both, not ${MIX}`);
  const prisma = createPrismaClient(localSecret('database-url'), { poolSize: 2 });
  const personal = MIX === 'shared' ? [] : await seedPersonal(prisma);
  const team = MIX === 'personal' ? [] : await seedShared(prisma);
  await prisma.$disconnect();
  // The operator mints tokens with tasks-api's private key, as tasks-api would after a login.
  const signer = accessTokenSigner(localSecret('jwt-private-key'), 7200);
  const tokensOf = (ids: string[]) =>
    Promise.all(ids.map(async (id) => (await signer.sign({ id, role: 'user' })).token));
  const machine = `machine: ${os.cpus().length} cores; load generator on the same machine`;
  if (personal.length > 0) {
    const results = await runMix('personal', await tokensOf(personal.map((u) => u.userId)), personalMix(personal));
    console.log(
      `\npersonal mix: ${personal.length} users, ${USERS * TASKS_PER_USER}+ tasks in their Inboxes; 20% create, 30% get, 30% list with filters, 20% full-text search`,
    );
    console.log(`${machine}\n`);
    console.log(summarize(results));
  }
  if (team.length > 0) {
    const results = await runMix('shared', await tokensOf(team.map((u) => u.userId)), sharedMix(team));
    const perUser = team.map((u) => u.visible.length);
    console.log(
      `\nshared-projects mix: ${team.length} users, ${PROJECTS} projects, ${PROJECTS * TASKS_PER_PROJECT}+ tasks; each user sees ${Math.min(...perUser)}-${Math.max(...perUser)} projects`,
    );
    console.log(
      '10% create in a project, 20% get, 15% list across projects, 15% list one project, 10% assigned to me, 10% search, 10% comments, 5% add a comment, 5% members',
    );
    console.log(`${machine}\n`);
    console.log(summarize(results));
  }
  if (overloads.length > 0) console.log(`\noverload (admission control, issue 21):\n${overloads.join('\n')}`);
  if (process.env.BENCH_CEILING !== '0') {
    console.log(`\n[ceiling] a no-op app behind its own sidecar, called through web's sidecar like tasks-api`);
    const { fixed, max } = await invocationCeiling({
      rate: RATE,
      seconds: SECONDS,
      concurrency: CONCURRENCY,
      maxSeconds: MAX_SECONDS,
      daprToken: daprApiToken(),
    });
    console.log(`\n${summarize([fixed, max])}\n`);
    const ceiling = max.sent / max.seconds;
    for (const [name, capacity] of capacities)
      console.log(ratioLine(`${name} mix, maximum rate through the sidecar`, capacity, ceiling, 'req/s'));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
