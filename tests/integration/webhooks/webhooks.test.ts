import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  invoke,
  type ReceivedWebhook,
  repoRoot,
  signUp,
  startWebhookAgentWithShortRetries,
  deleteTestWebhooks,
  startWebhookReceiver,
  type TestUser,
  type WebhookReceiver,
  waitFor,
} from '@taskmesh/testing';
import { Webhook } from 'standardwebhooks';

// Outbound webhooks (issue 20) against a real receiver on loopback (listed in
// OUTBOUND_ALLOWED_ORIGINS by infra/with-stack.sh), with webhook-agent run
// here with short retries (the stack's own replica is held down).
const maxAttempts = 4;
let agent: { stop: () => Promise<void> };
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  agent = await startWebhookAgentWithShortRetries(1, maxAttempts);
}, 660_000);

afterAll(async () => {
  await agent?.stop();
  await receiver?.close();
  await deleteTestWebhooks();
}, 120_000);

const hooks = (user: TestUser, method = 'GET', route = '', body?: unknown) =>
  invoke('webhook-agent', `webhooks${route}`, {
    method,
    body,
    headers: { authorization: `Bearer ${user.accessToken}` },
  });

async function register(user: TestUser, body: Record<string, unknown> = {}) {
  const url = receiver.newUrl();
  const created = await hooks(user, 'POST', '', { url, ...body });
  expect(created.status).toBe(201);
  return { url, id: created.body.id as string, secret: created.body.secret as string };
}

const typesTo = (url: string) => receiver.to(url).map((r) => JSON.parse(r.body).type as string);
const received = (url: string, count: number) =>
  waitFor(
    `${count} requests to the receiver`,
    async () => (receiver.to(url).length >= count ? receiver.to(url) : undefined),
    {
      timeoutMs: 30_000,
    },
  );

/** The README's three lines, run as written against a real delivery. */
function readmeVerifies(secret: string, request: ReceivedWebhook): boolean {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const block = /<!-- webhook-verify -->\s*```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no <!-- webhook-verify --> block');
  const lines = block.split('\n').filter((line) => line.trim() && !line.startsWith('import') && !line.startsWith('//'));
  expect(lines).toHaveLength(3);
  const { createHmac, timingSafeEqual } = require('node:crypto');
  return new Function(
    'createHmac',
    'timingSafeEqual',
    'secret',
    'body',
    'h',
    `${lines.join('\n')}\nreturn valid && fresh;`,
  )(createHmac, timingSafeEqual, secret, request.body, request.headers);
}

describe('webhooks', () => {
  it('delivers a task’s events, signed so that the Standard Webhooks library and the README’s three lines verify them', async () => {
    const user = await signUp();
    const { url, id, secret } = await register(user);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const task = await user.api.post('tasks', { title: 'Ship the webhook' });
    expect((await user.api.post(`tasks/${task.body.id}/complete`)).status).toBe(200);

    await received(url, 2);
    // Sent side by side: they may arrive in either order (each carries its event's time and the task's version).
    expect(typesTo(url).sort()).toEqual(['task.completed', 'task.created']);
    const [created, completed] = receiver.to(url);
    for (const request of [created, completed] as ReceivedWebhook[]) {
      const payload = new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
        data: { taskId: string };
      };
      expect(payload.data.taskId).toBe(task.body.id);
      expect(readmeVerifies(secret, request)).toBe(true);
      // Tampering is caught by the same lines.
      expect(readmeVerifies(secret, { ...request, body: request.body.replace('Ship', 'Skip') })).toBe(false);
    }
    // The webhook-id is the delivery the creator sees, delivered (once the
    // sender has read the receiver's answer and recorded it: just after the
    // receiver saw the request, not necessarily before).
    const list = await waitFor('both deliveries recorded as delivered', async () => {
      const delivered = await hooks(user, 'GET', `/${id}/deliveries?status=delivered`);
      return delivered.body.items.length === 2 ? delivered : undefined;
    });
    expect(list.body.items.map((d: { id: string }) => d.id).sort()).toEqual(
      [created?.headers['webhook-id'], completed?.headers['webhook-id']].sort(),
    );
    // The receiver's body is never kept, only its status.
    expect(JSON.stringify(list.body)).not.toContain('receiver says');
  });

  it('refuses URLs that are not public https, naming the field, and keeps nothing', async () => {
    const user = await signUp();
    for (const url of [
      'http://example.com/hook',
      'https://127.0.0.1/hook',
      'https://localhost/hook',
      'https://10.1.2.3/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://user:pw@example.com/hook',
      'not a url',
    ]) {
      const refused = await hooks(user, 'POST', '', { url });
      expect([url, refused.status, refused.body.errors?.[0]?.field]).toEqual([url, 400, 'url']);
    }
    const badType = await hooks(user, 'POST', '', { url: receiver.newUrl(), eventTypes: ['task.exploded'] });
    expect([badType.status, badType.body.errors?.[0]?.field]).toEqual([400, 'eventTypes.0']);
    expect((await hooks(user)).body.items).toEqual([]);
  });

  it('is a 404 for anyone but its creator, everywhere; a bad id is a 400', async () => {
    const [owner, other] = await Promise.all([signUp(), signUp()]);
    const { id } = await register(owner);
    for (const [method, route, body] of [
      ['GET', `/${id}`],
      ['PATCH', `/${id}`, { description: 'mine now' }],
      ['POST', `/${id}/secret`],
      ['POST', `/${id}/test`],
      ['GET', `/${id}/deliveries`],
      ['POST', `/${id}/deliveries/replay-dead`],
      ['POST', `/${id}/deliveries/${id}/replay`],
      ['DELETE', `/${id}`],
    ] as const) {
      expect([method, route, (await hooks(other, method, route, body)).status]).toEqual([method, route, 404]);
    }
    expect((await hooks(owner, 'GET', `/${id}`)).body.description).toBe('');
    const bad = await hooks(owner, 'GET', '/1%27%20OR%201=1');
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'id']);
    const notAProject = await hooks(owner, 'POST', '', { url: receiver.newUrl(), projectId: id });
    expect(notAProject.status).toBe(404);
  });

  it('retries with backoff, dead-letters after the last try, and replays with the same webhook-id', async () => {
    const user = await signUp();
    const { url, id, secret } = await register(user);
    const failing = new URL(url).pathname;
    receiver.answer = (p) => (p === failing ? 500 : 204);
    expect((await hooks(user, 'POST', `/${id}/test`)).status).toBe(202);

    const dead = await waitFor(
      'the delivery to be dead-lettered',
      async () => (await hooks(user, 'GET', `/${id}/deliveries?status=dead`)).body.items[0],
      { timeoutMs: 30_000 },
    );
    expect(dead).toMatchObject({ eventType: 'webhook.test', attempts: maxAttempts, lastStatus: 500 });
    const tries = receiver.to(url);
    expect(tries).toHaveLength(maxAttempts);
    expect(new Set(tries.map((t) => t.headers['webhook-id']))).toEqual(new Set([dead.id]));
    // Each try is signed afresh, at its own time.
    const stamps = tries.map((t) => Number(t.headers['webhook-timestamp']));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));

    receiver.answer = () => 204;
    const replayed = await hooks(user, 'POST', `/${id}/deliveries/${dead.id}/replay`);
    expect([replayed.status, replayed.body.status]).toEqual([202, 'pending']);
    const [last] = (await received(url, maxAttempts + 1)).slice(maxAttempts);
    expect(last?.headers['webhook-id']).toBe(dead.id);
    expect(new Webhook(secret).verify(last?.body ?? '', last?.headers as Record<string, string>)).toMatchObject({
      type: 'webhook.test',
    });
    const delivered = await waitFor('the replay recorded', async () => {
      const [row] = (await hooks(user, 'GET', `/${id}/deliveries`)).body.items;
      return row?.status === 'delivered' ? row : undefined;
    });
    expect(delivered).toMatchObject({ id: dead.id, replays: 1 });
    expect((await hooks(user, 'POST', `/${id}/deliveries/${dead.id}/replay`)).status).toBe(409);
  });

  it('follows project membership: the owner’s project webhook and members’ personal ones, until a member is removed', async () => {
    const [owner, editor] = await Promise.all([signUp(), signUp()]);
    const project = (await owner.api.post('projects', { name: 'Hooked' })).body;
    expect(
      (await owner.api.post(`projects/${project.id}/members`, { email: editor.email, role: 'editor' })).status,
    ).toBe(201);
    // Only the owner may send the project's events outside.
    const refused = await hooks(editor, 'POST', '', { url: receiver.newUrl(), projectId: project.id });
    expect(refused.status).toBe(403);
    const projectHook = await register(owner, { projectId: project.id });
    const editorHook = await register(editor);

    const first = await owner.api.post('tasks', { title: 'Shared one', projectId: project.id });
    await received(projectHook.url, 1);
    await received(editorHook.url, 1);
    expect(JSON.parse(receiver.to(editorHook.url)[0]?.body ?? '{}').data.taskId).toBe(first.body.id);

    expect((await owner.api.delete(`projects/${project.id}/members/${editor.id}`)).status).toBe(204);
    const second = await owner.api.post('tasks', { title: 'Owner only', projectId: project.id });
    // Barrier: the owner's project webhook got the second task's event, so its fan-out is committed;
    // the removed editor's webhook has no delivery for it (fan-out writes all of an event's deliveries at once).
    const ownerGot = await waitFor('the second task at the project webhook', async () =>
      receiver.to(projectHook.url).find((r) => JSON.parse(r.body).data.taskId === second.body.id),
    );
    const eventId = JSON.parse(ownerGot.body).eventId;
    const editorDeliveries = (await hooks(editor, 'GET', `/${editorHook.id}/deliveries`)).body.items;
    expect(editorDeliveries.map((d: { eventId: string }) => d.eventId)).not.toContain(eventId);
    expect(editorDeliveries.length).toBeGreaterThan(0);
  });

  it('pauses and resumes; a paused webhook queues nothing', async () => {
    const user = await signUp();
    const paused = await register(user);
    const witness = await register(user);
    expect((await hooks(user, 'PATCH', `/${paused.id}`, { enabled: false })).body).toMatchObject({
      enabled: false,
      disabledReason: 'Paused by you',
    });
    const during = await user.api.post('tasks', { title: 'While paused' });
    // Barrier: the witness got it, so its fan-out (which would have included the paused webhook) is done.
    await waitFor('the witness to get the task', async () =>
      receiver.to(witness.url).find((r) => JSON.parse(r.body).data.taskId === during.body.id),
    );
    expect((await hooks(user, 'PATCH', `/${paused.id}`, { enabled: true })).body.enabled).toBe(true);
    const after = await user.api.post('tasks', { title: 'After resuming' });
    const [only] = await received(paused.url, 1);
    expect(JSON.parse(only?.body ?? '{}').data.taskId).toBe(after.body.id);
    expect((await hooks(user, 'GET', `/${paused.id}/deliveries`)).body.items).toHaveLength(1);
  });
});
