import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  invoke,
  type PushService,
  signUp,
  signUpWithPush,
  startPushService,
  type TestUser,
  testDatabase,
  waitFor,
} from '@taskmesh/testing';

// issue 15, server-side request forgery through push endpoints: tasks-api only
// registers public https endpoints, reminder-agent checks each again when it
// sends, and nothing a push service writes back reaches the user. Runs against
// the stack's own reminder-agent, which with-stack.sh starts with the test push
// service (and nothing else) in OUTBOUND_ALLOWED_ORIGINS.
const db = testDatabase();
let push: PushService;
let loopbackPeer: Server;
const loopbackRequests: string[] = [];

beforeAll(async () => {
  push = await startPushService();
  // A peer on loopback that is NOT allow-listed: an internal service an attacker would aim at.
  loopbackPeer = createServer((req, res) => {
    loopbackRequests.push(req.url ?? '');
    res.writeHead(200).end('internal secrets');
  });
  await new Promise<void>((resolve) => loopbackPeer.listen(0, '127.0.0.1', () => resolve()));
});

afterAll(async () => {
  await push.close();
  loopbackPeer.closeAllConnections();
  await new Promise((resolve) => loopbackPeer.close(resolve));
  await db.$disconnect();
});

const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
const keys = () => push.subscribe().keys;

/** A task with one push reminder due in a few seconds; resolves with the delivery report tasks-api shows. */
async function pushReminderReport(user: TestUser) {
  const task = await user.api.post('tasks', {
    title: 'Water the plants',
    dueAt: soon(3_600_000),
    reminders: [{ at: soon(2000), channels: ['push'] }],
  });
  expect(task.status).toBe(201);
  const reminder = await waitFor(
    'the push delivery report',
    async () => {
      const [item] = (await user.api.get(`tasks/${task.body.id}/reminders`)).body.items;
      return item?.deliveries.length > 0 ? item : undefined;
    },
    { timeoutMs: 60_000 },
  );
  return { taskId: task.body.id as string, reminder };
}

describe('push endpoints (issue 15)', () => {
  it('refuses to register endpoints that are not public https, naming endpoint', async () => {
    const user = await signUp();
    const port = (loopbackPeer.address() as AddressInfo).port;
    const endpoints = [
      'http://push.example.com/send/1',
      `http://127.0.0.1:${port}/push/1`,
      'https://127.0.0.1/push/1',
      'https://127.0.0.1:18432/push/1',
      'https://[::1]/push/1',
      // The same loopback address in the forms naive string checks miss.
      'https://2130706433/push/1',
      'https://0x7f.1/push/1',
      'https://0177.0.0.1/push/1',
      'https://[::ffff:127.0.0.1]/push/1',
      'https://[::ffff:7f00:1]/push/1',
      'https://0.0.0.0/push/1',
      // Names that resolve to this machine or a nearby one.
      'https://localhost/push/1',
      'https://localhost./push/1',
      'https://push.localhost/push/1',
      'https://metadata.google.internal/computeMetadata/v1/',
      // Private, shared, link-local (cloud metadata), unique-local.
      'https://10.0.0.8/push/1',
      'https://172.16.5.4/push/1',
      'https://192.168.1.20/push/1',
      'https://100.64.0.1/push/1',
      'https://169.254.169.254/latest/meta-data/',
      'https://[fd00::1]/push/1',
      'https://[fe80::1]/push/1',
      'https://user:password@push.example.com/push/1',
    ];
    for (const endpoint of endpoints) {
      const result = await user.api.post('me/push-subscriptions', { endpoint, keys: keys() });
      expect({ endpoint, status: result.status, type: result.headers.get('content-type') }).toEqual({
        endpoint,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(result.body.errors).toEqual([{ field: 'endpoint', message: expect.stringMatching(/^endpoint must /) }]);
    }
    expect((await user.api.get('me/push-subscriptions')).body.items).toEqual([]);
    // A public https push service is still fine (its name does not resolve here; the agent checks again).
    const fine = await user.api.post('me/push-subscriptions', {
      endpoint: 'https://updates.push.example.com/wpush/v2/abc',
      keys: keys(),
    });
    expect(fine.status).toBe(201);
  });

  it('does not send to a loopback endpoint registered before the check, and says why', async () => {
    const user = await signUp();
    const port = (loopbackPeer.address() as AddressInfo).port;
    // As if it had been registered when the name pointed elsewhere (DNS rebinding) or before issue 15.
    await db.reminderAgentPushSubscription.create({
      data: {
        id: randomUUID(),
        userId: user.id,
        endpoint: `http://127.0.0.1:${port}/push/${randomBytes(8).toString('hex')}`,
        ...keys(),
      },
    });
    const { reminder } = await pushReminderReport(user);
    expect(reminder.deliveries).toEqual([
      expect.objectContaining({
        channel: 'push',
        outcome: 'failed',
        attempts: 1,
        error: 'push: endpoint refused: must use https',
      }),
    ]);
    // The report is the barrier: the agent has finished with this delivery.
    expect(loopbackRequests).toEqual([]);
  });

  it("never shows the push service's answer to the user, only its status", async () => {
    const { user, subscription } = await signUpWithPush(push, db);
    const marker = `PEER-BODY-${randomBytes(6).toString('hex')}`;
    push.respond = (received) =>
      subscription.endpoint.endsWith(received.path)
        ? { status: 403, body: `${marker} <html>internal admin page: token=abc123</html>` }
        : 201;
    try {
      const { taskId, reminder } = await pushReminderReport(user);
      expect(reminder.deliveries).toEqual([
        expect.objectContaining({ outcome: 'failed', attempts: 1, error: 'push: push service answered 403' }),
      ]);
      const seen = [
        await user.api.get(`tasks/${taskId}/reminders`),
        await user.api.get(`tasks/${taskId}`),
        await invoke('reminder-agent', 'notifications', { headers: { authorization: `Bearer ${user.accessToken}` } }),
      ].map((response) => JSON.stringify(response.body));
      const agentRows = await db.reminderDelivery.findMany({ where: { reminderId: reminder.id } });
      expect(agentRows.map((row) => row.lastError)).toEqual(['push: push service answered 403']);
      for (const text of seen) expect(text).not.toContain(marker);
    } finally {
      push.respond = () => 201;
    }
  });
});
