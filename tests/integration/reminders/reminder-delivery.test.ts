import {
  consumerGroupPassed,
  type ExtraSidecar,
  invoke,
  invokeOwn,
  keepDown,
  localSecret,
  type PushService,
  readTopicSince,
  runFileApps,
  type SmtpSink,
  signUp,
  signUpWithPush,
  sinkMailbox,
  startPushService,
  startSidecar,
  startSmtpSink,
  type TestSubscription,
  type TestUser,
  testDatabase,
  topicEndOffsets,
  verifyEmail,
  waitFor,
} from '@taskmesh/testing';

// Delivery against real peers: an SMTP server (smtp-server) and a push service
// started here, with reminder-agent replicas started here too (the stack's own
// replica is held down), so the tests can stop the SMTP server and crash a
// replica between sending and recording. Everything else is the running stack.
const db = testDatabase();
const webBaseUrl = 'https://taskmesh.test';
const maxAttempts = 6;
let release: () => Promise<void>;
let smtp: SmtpSink;
let push: PushService;
const replicas = new Map<number, ExtraSidecar>();

/** A reminder-agent replica (the app id's consumer group), with short leases and retries for the tests. */
async function startReplica(slot: 1 | 2): Promise<ExtraSidecar> {
  const app = runFileApps().find((a) => a.appID === 'reminder-agent');
  if (!app) throw new Error('reminder-agent missing from dapr.yaml');
  const replica = await startSidecar({
    appId: 'reminder-agent',
    httpPort: 3504 + slot * 10,
    grpcPort: 3604 + slot * 10,
    internalGrpcPort: 3704 + slot * 10,
    app: {
      dir: app.appDirPath,
      port: 3104 + slot * 10,
      env: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        WEB_BASE_URL: webBaseUrl,
        DELIVERY_LEASE_SECONDS: '3',
        SEND_TIMEOUT_MS: '1500',
        RETRY_BASE_MS: '400',
        RETRY_MAX_MS: '2000',
        MAX_ATTEMPTS: String(maxAttempts),
        // Two sends per channel at a time, so no replica can take a whole batch alone (issue 16).
        EMAIL_CONCURRENCY: '2',
        PUSH_CONCURRENCY: '2',
        IN_APP_CONCURRENCY: '2',
      },
    },
  });
  replicas.set(slot, replica);
  return replica;
}

beforeAll(async () => {
  release = await keepDown('reminder-agent');
  smtp = await startSmtpSink({ username: localSecret('smtp-username'), password: localSecret('smtp-password') });
  push = await startPushService();
  await startReplica(1);
}, 120_000);

afterAll(async () => {
  for (const replica of replicas.values()) replica.stop();
  await smtp.stop();
  await push.close();
  await release();
  await db.$disconnect();
}, 120_000);

const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
/** The reminder emails (not the account's verification email) the user got. */
const mailTo = (user: TestUser) =>
  smtp.received.filter((mail) => mail.to.includes(user.email) && mail.headers.has('x-taskmesh-reminder'));
const pushesTo = (subscription: TestSubscription) =>
  push.received.filter((p) => subscription.endpoint.endsWith(p.path));

/** A user with a verified email (opened from the link in the sink) and a browser subscribed to push. */
const userWithPush = () => signUpWithPush(push, db, sinkMailbox(smtp));

async function taskWithReminder(user: TestUser, reminder: Record<string, unknown>, title = 'Call the dentist') {
  const task = await user.api.post('tasks', { title, dueAt: soon(3_600_000), reminders: [reminder] });
  expect(task.status).toBe(201);
  const list = await user.api.get(`tasks/${task.body.id}/reminders`);
  return { taskId: task.body.id as string, reminderId: list.body.items[0].id as string };
}

/** The delivery reports tasks-api shows, once every channel has one for the reminder's current firing. */
const reportedDeliveries = (user: TestUser, taskId: string, channels: number) =>
  waitFor(
    'tasks-api to show every channel reported',
    async () => {
      const [reminder] = (await user.api.get(`tasks/${taskId}/reminders`)).body.items;
      const current = reminder.deliveries.filter((d: { fireAt: string }) => d.fireAt === reminder.fireAt);
      return current.length >= channels ? reminder : undefined;
    },
    { timeoutMs: 60_000 },
  );

const notifications = (user: TestUser, query = '') =>
  invoke('reminder-agent', `notifications${query}`, { headers: { authorization: `Bearer ${user.accessToken}` } });

describe('reminder delivery', () => {
  it('sends in-app, email and an encrypted web push once each, with a link to the task; snooze sends again', async () => {
    const { user, subscription } = await userWithPush();
    const { taskId, reminderId } = await taskWithReminder(user, {
      at: soon(3000),
      channels: ['in_app', 'email', 'push'],
    });

    const [mail] = await waitFor('the email', async () => (mailTo(user).length > 0 ? mailTo(user) : undefined), {
      timeoutMs: 60_000,
    });
    expect(mail).toMatchObject({ to: [user.email], subject: 'Reminder: Call the dentist' });
    expect(mail?.text).toContain(`${webBaseUrl}/tasks/${taskId}`);
    expect(mail?.html).toContain(`href="${webBaseUrl}/tasks/${taskId}"`);

    const [received] = await waitFor('the push', async () =>
      pushesTo(subscription).length > 0 ? pushesTo(subscription) : undefined,
    );
    expect(received?.headers).toMatchObject({
      'content-encoding': 'aes128gcm',
      urgency: 'high',
      topic: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      authorization: expect.stringMatching(/^vapid t=.+, k=.+$/),
    });
    // Only the subscription's private key opens it: the payload was really encrypted for this browser.
    const payload = JSON.parse(subscription.decrypt(received?.body as Buffer));
    expect(payload).toMatchObject({
      title: 'Reminder: Call the dentist',
      url: `${webBaseUrl}/tasks/${taskId}`,
      taskId,
      reminderId,
    });

    const inbox = await waitFor('the in-app notification', async () => {
      const page = await notifications(user);
      return page.body.items?.length > 0 ? page.body : undefined;
    });
    expect(inbox).toMatchObject({
      unreadCount: 1,
      items: [{ taskId, reminderId, url: `${webBaseUrl}/tasks/${taskId}` }],
    });
    const read = await invoke('reminder-agent', `notifications/${inbox.items[0].id}/read`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    expect(read.status).toBe(200);
    expect((await notifications(user, '/unread-count')).body).toEqual({ unreadCount: 0 });

    const reported = await reportedDeliveries(user, taskId, 3);
    expect(reported.state).toBe('delivered');
    expect(
      reported.deliveries
        .map((d: { channel: string; outcome: string; attempts: number }) => [d.channel, d.outcome, d.attempts])
        .sort(),
    ).toEqual([
      ['email', 'sent', 1],
      ['in_app', 'sent', 1],
      ['push', 'sent', 1],
    ]);

    // Snooze: the same reminder fires again after the duration, as a new message.
    const snoozed = await user.api.post(`tasks/${taskId}/reminders/${reminderId}/snooze`, { for: 'PT2S' });
    expect(snoozed.status).toBe(200);
    expect(snoozed.body.state).toBe('scheduled');
    await waitFor('the snoozed email', async () => (mailTo(user).length === 2 ? true : undefined), {
      timeoutMs: 60_000,
    });
    await waitFor('the snoozed push', async () => (pushesTo(subscription).length === 2 ? true : undefined));
    const [first, second] = mailTo(user);
    expect(second?.messageId).not.toBe(first?.messageId);
    await waitFor('the second notification', async () =>
      (await notifications(user)).body.unreadCount === 1 ? true : undefined,
    );
    expect((await notifications(user)).body.items).toHaveLength(2);
    // Snoozing what has not gone out is refused.
    const early = await taskWithReminder(user, { at: soon(600_000), channels: ['in_app'] });
    expect(
      (await user.api.post(`tasks/${early.taskId}/reminders/${early.reminderId}/snooze`, { for: 'PT5M' })).status,
    ).toBe(409);
  });

  it('sends exactly one message per channel with redelivered events and two replicas', async () => {
    await startReplica(2);
    const replicaPorts = [3514, 3524];
    /** What a replica has claimed and sent since it started, over all channels. */
    const sentAndClaimed = async (port: number) => {
      const { claimed, sent } = (await invokeOwn('reminder-agent', 'stats', {}, port)).body;
      const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
      return { claimed: total(claimed), sent: total(sent) };
    };
    try {
      const before = await Promise.all(replicaPorts.map(sentAndClaimed));
      const users = await Promise.all(Array.from({ length: 8 }, () => userWithPush()));
      const at = soon(5000);
      const tasks = await Promise.all(
        users.map(({ user }) => taskWithReminder(user, { at, channels: ['in_app', 'email', 'push'] })),
      );
      // Publish every reminder.scheduled again, as a redelivery would (same event ids).
      await waitFor('the schedules published', async () => {
        const unpublished = await db.outboxEvent.count({
          where: {
            eventType: 'reminder.scheduled',
            partitionKey: { in: tasks.map((t) => t.taskId) },
            publishedAt: null,
          },
        });
        return unpublished === 0 ? true : undefined;
      });
      const taskIds = tasks.map((t) => t.taskId);
      await db.outboxEvent.updateMany({
        where: { eventType: 'reminder.scheduled', partitionKey: { in: taskIds } },
        data: { publishedAt: null },
      });
      for (const [i, { user }] of users.entries()) await reportedDeliveries(user, tasks[i]?.taskId as string, 3);
      // Barrier (issue 16): both replicas have handled every copy of the schedules, and nothing
      // is left to send (a delivery leaves pending or sending only for sent or failed).
      await waitFor('the schedules published again', async () =>
        (await db.outboxEvent.count({
          where: { eventType: 'reminder.scheduled', partitionKey: { in: taskIds }, publishedAt: null },
        })) === 0
          ? true
          : undefined,
      );
      await consumerGroupPassed('reminder-agent', 'reminders');
      const reminderIds = tasks.map((t) => t.reminderId);
      await waitFor('every delivery sent', async () =>
        (await db.reminderDelivery.count({
          where: { reminderId: { in: reminderIds }, status: { in: ['pending', 'sending'] } },
        })) === 0
          ? true
          : undefined,
      );
      for (const { user, subscription } of users) {
        expect(mailTo(user)).toHaveLength(1);
        expect(pushesTo(subscription)).toHaveLength(1);
        expect((await notifications(user)).body.items).toHaveLength(1);
      }
      // Each replica claimed and sent some of this batch (they share it through row locks, not a leader).
      const after = await Promise.all(replicaPorts.map(sentAndClaimed));
      for (const [i, counts] of after.entries()) {
        expect(counts.claimed - (before[i]?.claimed ?? 0)).toBeGreaterThan(0);
        expect(counts.sent - (before[i]?.sent ?? 0)).toBeGreaterThan(0);
      }
    } finally {
      replicas.get(2)?.stop();
      replicas.delete(2);
    }
  });

  it('retries once, with the same message identity, when the agent dies between sending and recording', async () => {
    const { user, subscription } = await userWithPush();
    // The SMTP server takes the message, and the agent is killed before it can record that it was sent.
    smtp.beforeAccept = (mail) => {
      if (!mail.to.includes(user.email) || !mail.headers.has('x-taskmesh-reminder') || mailTo(user).length > 0) return;
      replicas.get(1)?.kill();
    };
    const { taskId } = await taskWithReminder(user, { at: soon(3000), channels: ['email'] });
    await waitFor('the first copy', async () => (mailTo(user).length === 1 ? true : undefined), { timeoutMs: 60_000 });
    smtp.beforeAccept = undefined;
    await startReplica(1);
    const [email] = (await reportedDeliveries(user, taskId, 1)).deliveries;
    expect(email).toMatchObject({ channel: 'email', outcome: 'sent', attempts: 2 });
    // One retry after the lapsed claim: the same Message-ID twice, which mail systems fold into one message.
    expect(mailTo(user)).toHaveLength(2);
    expect(new Set(mailTo(user).map((m) => m.messageId)).size).toBe(1);

    // The same for web push: the push service has it when the agent dies.
    push.respond = (received) => {
      if (subscription.endpoint.endsWith(received.path) && pushesTo(subscription).length === 0) replicas.get(1)?.kill();
      return 201;
    };
    const pushed = await taskWithReminder(user, { at: soon(3000), channels: ['push'] }, 'Renew passport');
    await waitFor('the first push', async () => (pushesTo(subscription).length === 1 ? true : undefined), {
      timeoutMs: 60_000,
    });
    push.respond = () => 201;
    await startReplica(1);
    const [pushReport] = (await reportedDeliveries(user, pushed.taskId, 1)).deliveries;
    expect(pushReport).toMatchObject({ channel: 'push', outcome: 'sent', attempts: 2 });
    const copies = pushesTo(subscription).map((p) => JSON.parse(subscription.decrypt(p.body)));
    expect(copies).toHaveLength(2);
    // Same notification id and tag, and the same Topic header: the browser shows one notification.
    expect(new Set(copies.map((c) => c.tag)).size).toBe(1);
    expect(new Set(pushesTo(subscription).map((p) => p.headers.topic)).size).toBe(1);
  });

  it('retries email while SMTP is down without delaying push and in-app, and delivers it when SMTP is back', async () => {
    const { user, subscription } = await userWithPush();
    await smtp.stop();
    let taskId: string;
    try {
      const created = await taskWithReminder(user, {
        at: soon(2000),
        channels: ['in_app', 'email', 'push'],
      });
      taskId = created.taskId;
      const { reminderId } = created;
      await waitFor('the push', async () => (pushesTo(subscription).length === 1 ? true : undefined), {
        timeoutMs: 60_000,
      });
      await waitFor('the in-app notification', async () =>
        (await notifications(user)).body.items?.length === 1 ? true : undefined,
      );
      // Email is failing meanwhile, and being retried.
      const email = await waitFor('email failing and retried', async () => {
        const row = await db.reminderDelivery.findFirst({ where: { reminderId, channel: 'email' } });
        return row && row.attempts >= 2 && row.status !== 'sent' ? row : undefined;
      });
      expect(email.lastError).toMatch(/SMTP/);
      expect(mailTo(user)).toHaveLength(0);
    } finally {
      await smtp.start();
    }
    await waitFor('the email after SMTP came back', async () => (mailTo(user).length === 1 ? true : undefined), {
      timeoutMs: 60_000,
    });
    const reports = (await reportedDeliveries(user, taskId, 3)).deliveries;
    expect(reports.find((d: { channel: string }) => d.channel === 'email')).toMatchObject({ outcome: 'sent' });
    expect(reports.find((d: { channel: string }) => d.channel === 'email').attempts).toBeGreaterThanOrEqual(2);
    expect(reports.find((d: { channel: string }) => d.channel === 'push')).toMatchObject({
      outcome: 'sent',
      attempts: 1,
    });
  });

  it('sends no reminder email to an unverified address and says why; in-app still goes; verified, email goes', async () => {
    const user = await signUp();
    const first = await taskWithReminder(user, { at: soon(2000), channels: ['in_app', 'email'] });
    const reminder = await reportedDeliveries(user, first.taskId, 2);
    const byChannel = Object.fromEntries(reminder.deliveries.map((d: { channel: string }) => [d.channel, d]));
    expect(byChannel.in_app).toMatchObject({ outcome: 'sent' });
    expect(byChannel.email).toMatchObject({
      outcome: 'failed',
      attempts: 1,
      error: expect.stringContaining('your email address is not verified'),
    });
    // Decided instead of sending: nothing reached the SMTP server.
    expect(mailTo(user)).toHaveLength(0);
    expect((await notifications(user)).body.items).toHaveLength(1);

    // Once the owner opens the emailed link, reminder email goes there.
    await verifyEmail(user, sinkMailbox(smtp));
    const second = await taskWithReminder(user, { at: soon(2000), channels: ['email'] }, 'Water the plants');
    const [email] = (await reportedDeliveries(user, second.taskId, 1)).deliveries;
    expect(email).toMatchObject({ channel: 'email', outcome: 'sent', attempts: 1 });
    expect(mailTo(user).map((m) => m.subject)).toEqual(['Reminder: Water the plants']);
  });

  it('marks a delivery failed after its last try, shows it through the API and dead-letters it', async () => {
    const { user, subscription } = await userWithPush();
    const dlq = 'reminders.reminder-agent.dlq';
    const before = topicEndOffsets(dlq);
    // The push service keeps failing (retried until the last try); the mailbox is refused (permanent, no retry).
    push.respond = (received) => (subscription.endpoint.endsWith(received.path) ? 503 : 201);
    smtp.beforeAccept = (mail) => {
      if (mail.to.includes(user.email)) throw Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
    };
    try {
      const { taskId, reminderId } = await taskWithReminder(user, { at: soon(2000), channels: ['email', 'push'] });
      const reminder = await reportedDeliveries(user, taskId, 2);
      const byChannel = Object.fromEntries(
        reminder.deliveries.map((d: { channel: string }) => [d.channel, d]),
      ) as Record<string, { outcome: string; attempts: number; error: string }>;
      expect(byChannel.email).toMatchObject({ outcome: 'failed', attempts: 1, error: expect.stringContaining('550') });
      expect(byChannel.push).toMatchObject({
        outcome: 'failed',
        attempts: maxAttempts,
        error: expect.stringContaining('503'),
      });
      const deadLetters = await waitFor('both failures on the dead-letter topic', async () => {
        const found = readTopicSince(dlq, before)
          .map((line) => JSON.parse(line))
          .filter((event) => event.data?.reminderId === reminderId);
        return found.length >= 2 ? found : undefined;
      });
      expect(deadLetters.map((e) => [e.type, e.data.channel]).sort()).toEqual([
        ['reminder.failed', 'email'],
        ['reminder.failed', 'push'],
      ]);
    } finally {
      push.respond = () => 201;
      smtp.beforeAccept = undefined;
    }
  });
});
