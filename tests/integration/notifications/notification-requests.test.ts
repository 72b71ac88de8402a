import { randomUUID } from 'node:crypto';
import {
  httpRequest,
  invoke,
  type Mailbox,
  type PushService,
  type ReceivedMail,
  readTopicSince,
  signUp,
  signUpWithPush,
  sidecarPort,
  stackMailbox,
  startPushService,
  type TestUser,
  testDatabase,
  topicEndOffsets,
  verifyEmail,
  waitFor,
} from '@taskmesh/testing';
import { connect, disconnectAll } from '../realtime/realtime-clients';
import { webSessionCookie, webUrl } from '../web/web-pages';

// Issue 19: tasks-api asks reminder-agent to notify a member who was assigned
// or @mentioned (notification.requested on the reminders topic); reminder-agent
// delivers it like a reminder: in-app always, email to a verified address,
// web push. Everything here is the running stack: the stack's reminder-agent,
// its mail catcher, and a test push service the stack may call.
const db = testDatabase();
let mailbox: Mailbox;
let push: PushService;

beforeAll(async () => {
  mailbox = stackMailbox();
  push = await startPushService();
});

afterEach(() => disconnectAll());

afterAll(async () => {
  await push.close();
  await db.$disconnect();
});

interface NotificationItem {
  id: string;
  taskId: string;
  kind?: string;
  reminderId: string | null;
  title: string;
  body: string;
  url: string;
}

const notificationsOf = async (user: TestUser): Promise<NotificationItem[]> => {
  const result = await invoke('reminder-agent', 'notifications?limit=100', {
    headers: { authorization: `Bearer ${user.accessToken}` },
  });
  if (result.status !== 200) throw new Error(`notifications: HTTP ${result.status}`);
  return result.body.items;
};

/** Waits until the user has a notification matching `match`; returns all of theirs at that moment. */
const waitForNotification = (user: TestUser, what: string, match: (n: NotificationItem) => boolean) =>
  waitFor(
    what,
    async () => {
      const items = await notificationsOf(user);
      return items.some(match) ? items : undefined;
    },
    { timeoutMs: 60_000 },
  );

/** Emails that answer notification requests (not reminders, not account email) to the user. */
const notificationMailTo = async (user: TestUser): Promise<ReceivedMail[]> =>
  (await mailbox()).filter((mail) => mail.to.includes(user.email) && mail.headers.has('x-taskmesh-notification'));

const requestIdsOf = async (user: TestUser) =>
  (await db.notificationRequest.findMany({ where: { userId: user.id }, select: { requestId: true } })).map(
    (r) => r.requestId,
  );

function ok<T extends { status: number; body: any }>(result: T, status: number, what: string): T {
  if (result.status !== status) throw new Error(`${what}: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  return result;
}

/** Ana (the owner, with a display name) and a project with `members` in it as editors, and a task. */
async function projectWith(members: TestUser[], title: string) {
  const ana = await signUp();
  const name = `Ana ${randomUUID().slice(0, 6)}`;
  ok(await ana.api.patch('auth/me', { displayName: name }), 200, 'display name');
  const project = ok(await ana.api.post('projects', { name: 'Launch' }), 201, 'project').body;
  for (const member of members)
    ok(await ana.api.post(`projects/${project.id}/members`, { email: member.email, role: 'editor' }), 201, 'member');
  const task = ok(await ana.api.post('tasks', { title, projectId: project.id }), 201, 'task').body;
  return { ana: { ...ana, name }, projectId: project.id as string, taskId: task.id as string };
}

const wantEmail = async (user: TestUser) =>
  ok(await user.api.patch('auth/me', { defaultReminderChannels: ['in_app', 'email', 'push'] }), 200, 'channels');

describe('notifications for assignments and mentions', () => {
  it('notifies an assigned member once, in the app, by email and by push; the assigner gets nothing', async () => {
    const { user: bo, subscription } = await signUpWithPush(push, db, mailbox);
    await wantEmail(bo);
    const title = `Ship v2 ${randomUUID().slice(0, 6)}`;
    const { ana, taskId } = await projectWith([bo], title);
    const browser = await connect(bo.accessToken);

    ok(await ana.api.post(`tasks/${taskId}/assignees`, { userId: bo.id }), 200, 'assign');
    const assignedTitle = `${ana.name} assigned you to '${title}'`;
    await waitForNotification(bo, 'the assignment in the app', (n) => n.kind === 'assigned');
    // Live in Bo's open browser too (notification.created through realtime-sync).
    const live = await waitFor('the assignment live', async () => browser.notifications.at(0) as any, {
      timeoutMs: 60_000,
    });
    expect(live.notification).toMatchObject({ kind: 'assigned', title: assignedTitle, taskId, reminderId: null });
    const mail = await waitFor(
      'the assignment email',
      async () => (await notificationMailTo(bo)).find((m) => m.subject === assignedTitle),
      { timeoutMs: 60_000 },
    );
    expect(mail.headers.get('x-taskmesh-notification')).toBe('assigned');
    expect(mail.text).toContain(`/tasks/${taskId}`);
    const pushed = await waitFor(
      'the assignment push',
      async () => push.received.find((p) => subscription.endpoint.endsWith(p.path)),
      { timeoutMs: 60_000 },
    );
    expect(JSON.parse(subscription.decrypt(pushed.body))).toMatchObject({ title: assignedTitle, taskId });

    // Barrier: Ana mentions Bo afterwards; once that arrived, the assignment (earlier on
    // Bo's partition of the reminders topic) has long been handled: still one of it.
    const comment = ok(
      await ana.api.post(`tasks/${taskId}/comments`, { body: 'Can you check the release notes?', mentionIds: [bo.id] }),
      201,
      'comment',
    );
    expect(comment.body.id).toBeDefined();
    const items = await waitForNotification(bo, 'the mention in the app', (n) => n.kind === 'mentioned');
    expect(items.map((n) => ({ kind: n.kind, title: n.title, taskId: n.taskId, reminderId: n.reminderId }))).toEqual([
      { kind: 'mentioned', title: `${ana.name} mentioned you on '${title}'`, taskId, reminderId: null },
      { kind: 'assigned', title: assignedTitle, taskId, reminderId: null },
    ]);
    expect(items[0]?.body).toBe('“Can you check the release notes?”');
    expect(items.every((n) => n.url.endsWith(`/tasks/${taskId}`))).toBe(true);
    await waitFor('the mention email', async () =>
      (await notificationMailTo(bo)).some((m) => m.headers.get('x-taskmesh-notification') === 'mentioned')
        ? true
        : undefined,
    );
    expect((await notificationMailTo(bo)).filter((m) => m.subject === assignedTitle)).toHaveLength(1);

    // web's notifications page says what happened and links to the task.
    const page = await httpRequest<string>(`${webUrl}/notifications`, {
      headers: { cookie: await webSessionCookie(bo) },
    });
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/data-kind="assigned"[^>]*>assigned you</);
    expect(page.body).toMatch(/data-kind="mentioned"[^>]*>mentioned you</);
    expect(page.body).toContain(`href="/tasks/${taskId}"`);

    // Bo mentions Ana: she gets that, and that alone (never anything for assigning Bo).
    ok(await bo.api.post(`tasks/${taskId}/comments`, { body: 'Done, see above', mentionIds: [ana.id] }), 201, 'reply');
    const anas = await waitForNotification(ana, 'the mention of Ana', (n) => n.kind === 'mentioned');
    expect(anas.map((n) => n.kind)).toEqual(['mentioned']);
  });

  it('stores one notification per request however often the event is delivered', async () => {
    const cy = await signUp();
    const publish = async (id: string, requestId: string, title: string) => {
      const event = {
        specversion: '1.0',
        id,
        type: 'notification.requested',
        source: 'tasks-api',
        data: {
          requestId,
          userId: cy.id,
          kind: 'assigned',
          taskId: randomUUID(),
          projectId: randomUUID(),
          actor: { id: randomUUID(), name: 'Ana' },
          task: { title },
          channels: ['in_app'],
          recipient: { email: cy.email, timeZone: 'UTC' },
          occurredAt: new Date().toISOString(),
        },
      };
      // Through tasks-api's sidecar onto Cy's partition, as tasks-api's outbox relay publishes (and republishes) it.
      const published = await httpRequest(
        `http://127.0.0.1:${sidecarPort('tasks-api')}/v1.0/publish/pubsub/reminders?metadata.partitionKey=${cy.id}`,
        { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: event },
      );
      expect(published.status).toBe(204);
    };
    const eventId = randomUUID();
    const requestId = randomUUID();
    const title = `Redelivered ${randomUUID().slice(0, 6)}`;
    await publish(eventId, requestId, title);
    await publish(eventId, requestId, title);
    // The same request under another event id (a producer that published it twice) is one request too.
    await publish(randomUUID(), requestId, title);
    // Barrier: a later request on the same partition that does arrive.
    await publish(randomUUID(), randomUUID(), 'Barrier');
    const items = await waitForNotification(
      cy,
      'the barrier notification',
      (n) => n.title === "Ana assigned you to 'Barrier'",
    );
    expect(items.filter((n) => n.title === `Ana assigned you to '${title}'`)).toHaveLength(1);
    expect(await db.notificationRequest.count({ where: { requestId } })).toBe(1);
    expect(await db.reminderDelivery.count({ where: { requestId } })).toBe(1);
  });

  it('sends no email to an unverified address, and does once it is verified', async () => {
    const di = await signUp();
    await wantEmail(di);
    const title = `Unverified ${randomUUID().slice(0, 6)}`;
    const { ana, taskId } = await projectWith([di], title);

    ok(await ana.api.post(`tasks/${taskId}/assignees`, { userId: di.id }), 200, 'assign');
    await waitForNotification(di, 'the assignment in the app', (n) => n.kind === 'assigned');
    // The email delivery is given up for the user to fix (verify the address): failed, not retried.
    const [request] = await waitFor('the assignment request stored', async () => {
      const rows = await db.notificationRequest.findMany({ where: { userId: di.id } });
      return rows.length > 0 ? rows : undefined;
    });
    const emailDelivery = await waitFor(
      'the email delivery given up',
      async () =>
        (await db.reminderDelivery.findFirst({
          where: { requestId: request?.requestId, channel: 'email', status: 'failed' },
        })) ?? undefined,
    );
    expect(emailDelivery.lastError).toContain('not verified');

    // Barrier: once verified, a mention reaches the same address; the assignment never did.
    await verifyEmail(di, mailbox);
    ok(await ana.api.post(`tasks/${taskId}/comments`, { body: 'ping', mentionIds: [di.id] }), 201, 'comment');
    await waitFor(
      'the mention email',
      async () =>
        (await notificationMailTo(di)).some((m) => m.headers.get('x-taskmesh-notification') === 'mentioned')
          ? true
          : undefined,
      { timeoutMs: 60_000 },
    );
    expect((await notificationMailTo(di)).map((m) => m.headers.get('x-taskmesh-notification'))).toEqual(['mentioned']);
  });

  it('retries a failed push with the reminder retry policy, and dead-letters one given up', async () => {
    const [fay, gus] = await Promise.all([signUpWithPush(push, db), signUpWithPush(push, db)]);
    for (const { user } of [fay, gus])
      ok(await user.api.patch('auth/me', { defaultReminderChannels: ['in_app', 'push'] }), 200, 'channels');
    const dlq = 'reminders.reminder-agent.dlq';
    const before = topicEndOffsets(dlq);
    let fayTries = 0;
    // Fay's push service is down for the first try; Gus's refuses the push for good (400).
    push.respond = (received) => {
      if (fay.subscription.endpoint.endsWith(received.path)) {
        fayTries += 1;
        return fayTries === 1 ? 503 : 201;
      }
      if (gus.subscription.endpoint.endsWith(received.path)) return 400;
      return 201;
    };
    try {
      const { ana, taskId } = await projectWith([fay.user, gus.user], `Retry ${randomUUID().slice(0, 6)}`);
      ok(await ana.api.post(`tasks/${taskId}/assignees`, { userId: fay.user.id }), 200, 'assign Fay');
      ok(await ana.api.post(`tasks/${taskId}/assignees`, { userId: gus.user.id }), 200, 'assign Gus');

      const sent = await waitFor(
        "Fay's push sent",
        async () =>
          (await db.reminderDelivery.findFirst({
            where: { channel: 'push', status: 'sent', requestId: { in: await requestIdsOf(fay.user) } },
          })) ?? undefined,
        { timeoutMs: 60_000 },
      );
      // Sent on the second try, once: the failed first try was retried after the backoff.
      expect(sent.attempts).toBe(2);
      expect(fayTries).toBe(2);
      expect(push.received.filter((p) => fay.subscription.endpoint.endsWith(p.path))).toHaveLength(1);
      const [deadLetter] = await waitFor(
        "Gus's push on the dead-letter topic",
        async () => {
          const found = readTopicSince(dlq, before)
            .map((line) => JSON.parse(line))
            .filter((event) => event.data?.userId === gus.user.id);
          return found.length > 0 ? found : undefined;
        },
        { timeoutMs: 60_000 },
      );
      expect(deadLetter).toMatchObject({
        type: 'notification.failed',
        data: { kind: 'assigned', taskId, channel: 'push', attempts: 1, error: 'push: push service answered 400' },
      });
      // Gus still has the notification in the app.
      await waitForNotification(gus.user, "Gus's assignment in the app", (n) => n.kind === 'assigned');
    } finally {
      push.respond = () => 201;
    }
  });
});
