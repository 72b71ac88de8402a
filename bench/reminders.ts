// npm run bench:reminders: how late reminders go out, per channel, and whether
// any went out twice or never.
// 10,000 reminders (1,000 tasks with 10 each, every reminder on in_app, email
// and push) are scheduled through tasks-api, due at times spread evenly over
// one minute. A reminder-agent replica started here with the shipped settings
// (the stack's own replica is held down) sends email to an SMTP server and web
// push to a push service, both run by this script; in-app notifications are
// read from reminder-agent's table. Lateness = receipt (or notification
// stored) minus the reminder's time. Prints its figures; asserts nothing.
import { createPrismaClient } from '@taskmesh/db';
import {
  invokeOwn,
  keepDown,
  localSecret,
  runFileApps,
  signUpWithPush,
  sinkMailbox,
  startPushService,
  startSidecar,
  startSmtpSink,
  type TestSubscription,
  type TestUser,
  untilAdmitted,
} from '@taskmesh/testing';
import { cpuPhase } from './cpu';
import { percentile } from './load';

const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 10_000);
const PER_TASK = 10;
const USERS = Number(process.env.BENCH_REMINDER_USERS ?? 100);
const WINDOW_MS = Number(process.env.BENCH_REMINDER_WINDOW_MS ?? 60_000);
const CHANNELS = ['in_app', 'email', 'push'] as const;

const log = (message: string) => console.log(`[bench:reminders] ${message}`);

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

async function main() {
  const db = createPrismaClient(localSecret('database-url'), { poolSize: 2 });
  const smtp = await startSmtpSink(
    { username: localSecret('smtp-username'), password: localSecret('smtp-password') },
    { parse: false },
  );
  const push = await startPushService();
  log('holding down the stack’s reminder-agent; starting a replica with the shipped settings');
  const release = await keepDown('reminder-agent');
  const app = runFileApps().find((a) => a.appID === 'reminder-agent');
  const replica = await startSidecar({
    appId: 'reminder-agent',
    httpPort: 3544,
    grpcPort: 3644,
    internalGrpcPort: 3744,
    app: {
      dir: app?.appDirPath ?? './services/reminder-agent',
      port: 3144,
      // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the agent under load.
      nodeArgs: process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean),
      env: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        WEB_BASE_URL: 'https://taskmesh.bench',
        LOG_LEVEL: 'warn',
      },
    },
  });
  try {
    log(`signing up ${USERS} users, each with a verified email and a web-push subscription`);
    const users: Array<{ user: TestUser; subscription: TestSubscription }> = [];
    await pool(
      Array.from({ length: USERS }, (_, i) => i),
      8,
      async () => {
        // Reminder email goes only to a verified address: each opens the link the replica emailed.
        users.push(await signUpWithPush(push, db, sinkMailbox(smtp)));
      },
    );
    const decrypters = new Map(
      users.map(({ subscription }) => [new URL(subscription.endpoint).pathname, subscription]),
    );

    const tasks = Math.ceil(REMINDERS / PER_TASK);
    // Far enough ahead for scheduling to finish first (measured below).
    const windowStart = Date.now() + 40_000 + tasks * 25;
    const fireAt = (n: number) => new Date(windowStart + Math.floor((n * WINDOW_MS) / REMINDERS)).toISOString();
    log(
      `creating ${tasks} tasks with ${PER_TASK} reminders each, due over ${WINDOW_MS / 1000} s from ${new Date(windowStart).toISOString()}`,
    );
    const createStart = Date.now();
    await pool(
      Array.from({ length: tasks }, (_, i) => i),
      16,
      async (t) => {
        const { user } = users[t % users.length] as { user: TestUser };
        const reminders = Array.from({ length: PER_TASK }, (_, r) => ({
          at: fireAt(r * tasks + t),
          channels: CHANNELS,
        }));
        // A create refused by admission control (429) is sent again after its Retry-After.
        const created = await untilAdmitted(() => user.api.post('tasks', { title: `Bench task ${t}`, reminders }));
        if (created.status !== 201)
          throw new Error(`create task: HTTP ${created.status} ${JSON.stringify(created.body)}`);
      },
    );
    log(`created in ${((Date.now() - createStart) / 1000).toFixed(1)} s`);
    const runStart = new Date(createStart - 1000);
    const scheduled = async () => db.reminderDelivery.count({ where: { createdAt: { gte: runStart } } });
    while ((await scheduled()) < REMINDERS * CHANNELS.length && Date.now() < windowStart) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const ready = await scheduled();
    log(
      `reminder-agent had ${ready} of ${REMINDERS * CHANNELS.length} deliveries scheduled ${((windowStart - Date.now()) / 1000).toFixed(1)} s before the first was due`,
    );

    // Wait for everything due, plus a margin for stragglers and duplicates.
    const expected = new Map<string, number>();
    const rows = await db.reminder.findMany({
      where: { createdAt: { gte: runStart }, task: { title: { startsWith: 'Bench task ' } } },
      select: { id: true, fireAt: true },
    });
    for (const row of rows) if (row.fireAt) expected.set(`${row.id}.${row.fireAt.getTime()}`, row.fireAt.getTime());
    const deadline = windowStart + WINDOW_MS + 60_000;
    // From the first reminder due to the last one received: the sending, not the set-up.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, windowStart - Date.now())));
    const sendingCpu = cpuPhase();
    const reminderMail = () => smtp.received.filter((m) => m.headers.has('x-taskmesh-reminder'));
    for (;;) {
      const inApp = await db.notification.count({ where: { createdAt: { gte: runStart } } });
      const done =
        reminderMail().length >= expected.size && push.received.length >= expected.size && inApp >= expected.size;
      if (done || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const sendingCpuText = sendingCpu(
      `the sending window (${expected.size} reminders on ${CHANNELS.length} channels)`,
      expected.size * CHANNELS.length,
      'delivery',
    );
    await new Promise((resolve) => setTimeout(resolve, 5000));

    const emailKeys = reminderMail().map((m) => ({
      key: String(m.headers.get('x-taskmesh-reminder')),
      at: m.receivedAt,
    }));
    const pushKeys = push.received.map((p) => {
      const subscription = decrypters.get(p.path);
      const payload = subscription ? JSON.parse(subscription.decrypt(p.body)) : { id: 'undecryptable' };
      return { key: String(payload.id), at: p.receivedAt };
    });
    const notifications = await db.notification.findMany({
      where: { createdAt: { gte: runStart } },
      select: { reminderId: true, fireAt: true, createdAt: true },
    });
    const inAppKeys = notifications.map((n) => ({ key: `${n.reminderId}.${n.fireAt.getTime()}`, at: n.createdAt }));

    const report = Object.fromEntries(
      Object.entries({ in_app: inAppKeys, email: emailKeys, push: pushKeys }).map(([channel, receipts]) => {
        const seen = new Map<string, number>();
        const late: number[] = [];
        for (const { key, at } of receipts) {
          seen.set(key, (seen.get(key) ?? 0) + 1);
          const due = expected.get(key);
          if (due !== undefined && seen.get(key) === 1) late.push(at.getTime() - due);
        }
        late.sort((a, b) => a - b);
        return [
          channel,
          {
            received: receipts.length,
            lateMs: {
              p50: percentile(late, 50),
              p95: percentile(late, 95),
              p99: percentile(late, 99),
              max: late.at(-1) ?? null,
            },
            sentMoreThanOnce: [...seen.values()].filter((n) => n > 1).length,
            neverSent: [...expected.keys()].filter((key) => !seen.has(key)).length,
          },
        ];
      }),
    );
    console.log('');
    console.log(
      `Reminders: ${expected.size} due over ${WINDOW_MS / 1000} s, one reminder-agent replica, ${USERS} users, ${smtp.connections} SMTP connections`,
    );
    console.log('channel   received   late p50    p95      p99      max     sent twice  never sent');
    for (const [channel, r] of Object.entries(report)) {
      const ms = (v: number | null | undefined) =>
        (v === null || v === undefined ? '-' : `${Math.round(v)} ms`).padEnd(9);
      console.log(
        `${channel.padEnd(9)} ${String(r.received).padEnd(10)} ${ms(r.lateMs.p50)}${ms(r.lateMs.p95)}${ms(r.lateMs.p99)}${ms(r.lateMs.max)}${String(r.sentMoreThanOnce).padEnd(12)}${r.neverSent}`,
      );
    }
    console.log(JSON.stringify({ reminders: expected.size, windowSeconds: WINDOW_MS / 1000, channels: report }));
    const stats = (await invokeOwn('reminder-agent', 'stats', {}, 3544)).body;
    console.log(`reminder-agent's own view: ${JSON.stringify(stats)}`);
    console.log(`\n${sendingCpuText}`);
  } finally {
    replica.stop();
    await release();
    await smtp.stop();
    await push.close();
    await db.$disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
