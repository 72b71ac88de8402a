import { randomUUID } from 'node:crypto';
import { TaskSnapshot } from '@taskmesh/contracts';
import {
  createTask,
  invoke,
  promoteToAdmin,
  runFileApps,
  signUp,
  type TestUser,
  testDatabase,
  waitFor,
} from '@taskmesh/testing';
import { io, type Socket } from 'socket.io-client';

// Undo of a delete, against the running stack: the task comes back, and
// everything that follows a task (reminders, the audit log, realtime clients)
// follows it back.
const db = testDatabase();
afterAll(() => db.$disconnect());

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

const open: Socket[] = [];
afterEach(() => {
  for (const socket of open.splice(0)) socket.disconnect();
});

async function deleted(user: TestUser, taskId: string) {
  expect((await user.api.delete(`tasks/${taskId}`)).status).toBe(204);
  expect((await user.api.get(`tasks/${taskId}`)).status).toBe(404);
}

describe('restoring a deleted task', () => {
  it('brings the task back with a new version, once, and only for its owner', async () => {
    const alice = await signUp();
    const bob = await signUp();
    const admin = await promoteToAdmin(await signUp());
    const task = await createTask(alice, { title: 'Undo me', tags: ['keep'] });
    await deleted(alice, task.id);

    // Someone else's deleted task is as unknown as a task that never existed.
    expect((await bob.api.post(`tasks/${task.id}/restore`)).status).toBe(404);
    expect((await admin.api.post(`tasks/${task.id}/restore`)).status).toBe(404);
    expect((await alice.api.post(`tasks/${randomUUID()}/restore`)).status).toBe(404);
    expect((await alice.api.get(`tasks/${task.id}`)).status).toBe(404);

    const stale = await alice.api.post(`tasks/${task.id}/restore`, {}, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"2"');

    const restored = await alice.api.post(`tasks/${task.id}/restore`, {}, { 'if-match': '"2"' });
    expect(restored.status).toBe(200);
    expect(() => TaskSnapshot.parse(restored.body)).not.toThrow();
    expect(restored.body).toMatchObject({ id: task.id, title: 'Undo me', tags: ['keep'], deletedAt: null, version: 3 });
    expect(restored.headers.get('etag')).toBe('"3"');

    const got = await alice.api.get(`tasks/${task.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ title: 'Undo me', version: 3 });
    expect((await alice.api.get('tasks')).body.items.map((t: { id: string }) => t.id)).toEqual([task.id]);

    const again = await alice.api.post(`tasks/${task.id}/restore`);
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body.detail).toBe('Only a deleted task can be restored');
    expect((await alice.api.get(`tasks/${task.id}`)).body.version).toBe(3);
  });

  it('answers a retried restore with the same Idempotency-Key from the first, with one event', async () => {
    const user = await signUp();
    const task = await createTask(user);
    await deleted(user, task.id);
    const headers = { 'idempotency-key': `restore-${task.id}` };
    const first = await user.api.post(`tasks/${task.id}/restore`, {}, headers);
    const second = await user.api.post(`tasks/${task.id}/restore`, {}, headers);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await db.outboxEvent.count({ where: { partitionKey: task.id, eventType: 'task.restored' } })).toBe(1);
  });

  it('publishes task.restored and a task-updates state with deleted false, which browsers receive', async () => {
    const user = await signUp();
    const realtime = runFileApps().find((a) => a.appID === 'realtime-sync');
    const socket = io(`http://127.0.0.1:${realtime?.appPort}`, {
      auth: { token: user.accessToken },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    open.push(socket);
    const received: Array<{ taskId: string; version: number; cause: string; deleted: boolean }> = [];
    socket.on('task', (update) => received.push(update));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });

    const task = await createTask(user);
    await deleted(user, task.id);
    expect((await user.api.post(`tasks/${task.id}/restore`)).status).toBe(200);

    const events = await waitFor('all six events published', async () => {
      const rows = await db.outboxEvent.findMany({ where: { partitionKey: task.id }, orderBy: { seq: 'asc' } });
      return rows.length === 6 && rows.every((row) => row.publishedAt !== null) ? rows : undefined;
    });
    const lifecycle = events.filter((e) => e.topic === 'task-events');
    expect(lifecycle.map((e) => e.eventType)).toEqual(['task.created', 'task.deleted', 'task.restored']);
    const restoredEvent = lifecycle.at(-1)?.payload as {
      data: { actorId: string; version: number; before: { deletedAt: string | null }; after: { deletedAt: null } };
    };
    expect(restoredEvent.data).toMatchObject({ actorId: user.id, version: 3, after: { deletedAt: null } });
    expect(restoredEvent.data.before.deletedAt).toEqual(expect.any(String));
    const updates = events
      .filter((e) => e.topic === 'task-updates')
      .map((e) => (e.payload as { data: { cause: string; deleted: boolean; version: number } }).data);
    expect(updates.map((u) => [u.cause, u.deleted, u.version])).toEqual([
      ['task.created', false, 1],
      ['task.deleted', true, 2],
      ['task.restored', false, 3],
    ]);

    await waitFor('the restored update on the socket', async () =>
      received.some((u) => u.taskId === task.id && u.version === 3) ? true : undefined,
    );
    expect(received.filter((u) => u.taskId === task.id).map((u) => [u.cause, u.deleted])).toEqual([
      ['task.created', false],
      ['task.deleted', true],
      ['task.restored', false],
    ]);
  });

  it('schedules the reminders the delete cancelled again, as a reopening does', async () => {
    const user = await signUp();
    const dueAt = inMinutes(60);
    const task = await createTask(user, { dueAt, reminders: [{ beforeDue: 'PT10M', channels: ['in_app'] }] });
    const [reminder] = (await user.api.get(`tasks/${task.id}/reminders`)).body.items as Array<{
      id: string;
      fireAt: string;
    }>;
    const fireAt = new Date(new Date(dueAt).getTime() - 10 * 60_000).toISOString();
    expect(reminder?.fireAt).toBe(fireAt);
    const agentSchedule = (revision: number) =>
      waitFor(`reminder-agent's schedule at revision ${revision}`, async () => {
        const row = await db.scheduledReminder.findUnique({ where: { reminderId: reminder!.id } });
        return row && row.revision >= revision ? row : undefined;
      });
    const agentDeliveries = async () =>
      (await db.reminderDelivery.findMany({ where: { reminderId: reminder!.id } })).map((d) => d.status);
    const scheduled = await agentSchedule(1);

    await deleted(user, task.id);
    const cancelled = await agentSchedule(scheduled.revision + 1);
    expect(cancelled.fireAt).toBeNull();
    expect(await agentDeliveries()).toEqual(['cancelled']);

    expect((await user.api.post(`tasks/${task.id}/restore`)).status).toBe(200);
    const [back] = (await user.api.get(`tasks/${task.id}/reminders`)).body.items;
    expect(back).toMatchObject({ id: reminder!.id, fireAt, state: 'scheduled' });
    const rescheduled = await agentSchedule(cancelled.revision + 1);
    expect(rescheduled.fireAt?.toISOString()).toBe(fireAt);
    expect(await agentDeliveries()).toEqual(['pending']);
    const reminderEvents = await db.outboxEvent.findMany({
      where: { partitionKey: task.id, topic: 'reminders' },
      orderBy: { seq: 'asc' },
    });
    expect(reminderEvents.map((e) => e.eventType)).toEqual([
      'reminder.scheduled',
      'reminder.cancelled',
      'reminder.scheduled',
    ]);
  });

  it('records task.restored in the audit log, with the deleted state before and the live one after', async () => {
    const user = await signUp();
    const task = await createTask(user);
    await deleted(user, task.id);
    expect((await user.api.post(`tasks/${task.id}/restore`)).status).toBe(200);
    const entries = await waitFor('three audit entries', async () => {
      const result = await invoke('audit-agent', `audit-entries?taskId=${task.id}`, {
        headers: { authorization: `Bearer ${user.accessToken}` },
      });
      return result.status === 200 && result.body.items.length === 3 ? result.body.items : undefined;
    });
    expect(entries.map((e: { eventType: string }) => e.eventType)).toEqual([
      'task.created',
      'task.deleted',
      'task.restored',
    ]);
    const restored = entries[2] as { taskVersion: number; actorId: string; before: TaskSnapshot; after: TaskSnapshot };
    expect(restored).toMatchObject({ taskVersion: 3, actorId: user.id, after: { deletedAt: null } });
    expect(restored.before.deletedAt).toEqual(expect.any(String));
  });
});
