import { createTask, invoke, invokeOwn, signUp, type TestUser, testDatabase, waitFor } from '@taskmesh/testing';

// Scheduling against the running stack: tasks-api keeps reminders in line with
// their tasks and reminder-agent's schedule follows through the reminders topic.
const db = testDatabase();
afterAll(() => db.$disconnect());

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

/** reminder-agent's copy of a reminder's schedule, once it is at `revision` or later. */
const agentSchedule = (reminderId: string, atLeastRevision: number) =>
  waitFor(`reminder-agent's schedule of ${reminderId} at revision ${atLeastRevision}`, async () => {
    const row = await db.scheduledReminder.findUnique({ where: { reminderId } });
    return row && row.revision >= atLeastRevision ? row : undefined;
  });

const agentDeliveries = (reminderId: string) =>
  db.reminderDelivery.findMany({ where: { reminderId }, orderBy: [{ fireAt: 'asc' }, { channel: 'asc' }] });

async function reminders(user: TestUser, taskId: string) {
  const list = await user.api.get(`tasks/${taskId}/reminders`);
  expect(list.status).toBe(200);
  return list.body.items as Array<{ id: string; fireAt: string | null; state: string; inactiveReason: string | null }>;
}

describe('reminders: API and schedule', () => {
  it('refuses bad reminders with the field that is wrong', async () => {
    const user = await signUp();
    const task = await createTask(user, { dueAt: inMinutes(120) });
    const cases: Array<[unknown, string]> = [
      [{}, 'at'],
      [{ at: inMinutes(5), beforeDue: 'PT5M' }, 'beforeDue'],
      [{ beforeDue: 'five minutes' }, 'beforeDue'],
      [{ afterDue: 'P2Y' }, 'afterDue'],
      [{ at: 'tomorrow' }, 'at'],
      [{ at: inMinutes(-10) }, 'at'],
      [{ at: inMinutes(5), channels: ['sms'] }, 'channels.0'],
      [{ at: inMinutes(5), channels: [] }, 'channels'],
      [{ at: inMinutes(5), extra: true }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const result = await user.api.post(`tasks/${task.id}/reminders`, body);
      expect({ body, status: result.status, type: result.headers.get('content-type') }).toEqual({
        body,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(result.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const settings = await user.api.patch('auth/me', { defaultReminderChannels: ['fax'] });
    expect(settings.status).toBe(400);
    expect(settings.body.errors[0].field).toBe('defaultReminderChannels.0');
    const badPush = await user.api.post('me/push-subscriptions', {
      endpoint: 'not a url',
      keys: { p256dh: 'x', auth: 'y' },
    });
    expect(badPush.status).toBe(400);
    expect(badPush.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['endpoint', 'keys.p256dh', 'keys.auth']),
    );
    // Nothing half-written: the task has no reminder.
    expect(await reminders(user, task.id)).toEqual([]);
  });

  it('uses the default channels, and moves a relative reminder with the due date', async () => {
    const user = await signUp({ timeZone: 'Europe/Berlin' });
    expect((await user.api.patch('auth/me', { defaultReminderChannels: ['email', 'push'] })).body).toMatchObject({
      defaultReminderChannels: ['email', 'push'],
    });
    const dueAt = inMinutes(180);
    const task = await createTask(user, { dueAt, reminders: [{ beforeDue: 'PT1H' }] });
    const [reminder] = await reminders(user, task.id);
    expect(reminder).toMatchObject({
      fireAt: plus(dueAt, -3_600_000),
      state: 'scheduled',
      channels: ['email', 'push'],
    });
    const first = await agentSchedule(reminder!.id, 1);
    expect(first.fireAt?.toISOString()).toBe(plus(dueAt, -3_600_000));
    expect((await agentDeliveries(reminder!.id)).map((d) => [d.channel, d.status])).toEqual([
      ['email', 'pending'],
      ['push', 'pending'],
    ]);

    const later = inMinutes(300);
    expect((await user.api.patch(`tasks/${task.id}`, { dueAt: later })).status).toBe(200);
    const [moved] = await reminders(user, task.id);
    expect(moved?.fireAt).toBe(plus(later, -3_600_000));
    const second = await agentSchedule(reminder!.id, first.revision + 1);
    expect(second.fireAt?.toISOString()).toBe(plus(later, -3_600_000));
    // The old firing's deliveries are cancelled, the new one's pending.
    const deliveries = await agentDeliveries(reminder!.id);
    expect(deliveries.map((d) => [d.fireAt.toISOString(), d.channel, d.status])).toEqual([
      [plus(dueAt, -3_600_000), 'email', 'cancelled'],
      [plus(dueAt, -3_600_000), 'push', 'cancelled'],
      [plus(later, -3_600_000), 'email', 'pending'],
      [plus(later, -3_600_000), 'push', 'pending'],
    ]);
    // A title change reaches the agent (it is in the email), without a new firing.
    await user.api.patch(`tasks/${task.id}`, { title: 'Renamed' });
    const renamed = await agentSchedule(reminder!.id, second.revision + 1);
    expect(renamed.taskTitle).toBe('Renamed');
    expect(await agentDeliveries(reminder!.id)).toHaveLength(4);
  });

  it('cancels pending reminders on completion and deletion, and reschedules on reopening', async () => {
    const user = await signUp();
    const task = await createTask(user, {
      dueAt: inMinutes(60),
      reminders: [{ beforeDue: 'PT10M', channels: ['in_app'] }],
    });
    const [reminder] = await reminders(user, task.id);
    const scheduled = await agentSchedule(reminder!.id, 1);

    await user.api.post(`tasks/${task.id}/complete`);
    expect((await reminders(user, task.id))[0]).toMatchObject({ state: 'inactive', inactiveReason: 'task-completed' });
    const cancelled = await agentSchedule(reminder!.id, scheduled.revision + 1);
    expect(cancelled.fireAt).toBeNull();
    expect((await agentDeliveries(reminder!.id)).map((d) => d.status)).toEqual(['cancelled']);

    await user.api.post(`tasks/${task.id}/reopen`);
    await agentSchedule(reminder!.id, cancelled.revision + 1);
    expect((await agentDeliveries(reminder!.id)).map((d) => d.status)).toEqual(['pending']);

    expect((await user.api.delete(`tasks/${task.id}`)).status).toBe(204);
    const deleted = await agentSchedule(reminder!.id, cancelled.revision + 2);
    expect(deleted.fireAt).toBeNull();
    expect((await agentDeliveries(reminder!.id)).map((d) => d.status)).toEqual(['cancelled']);
  });

  it('sends nothing for a task completed before its reminder', async () => {
    const user = await signUp();
    const at = new Date(Date.now() + 4000).toISOString();
    const task = await createTask(user, { reminders: [{ at, channels: ['in_app', 'email'] }] });
    const [reminder] = await reminders(user, task.id);
    await agentSchedule(reminder!.id, 1);
    await user.api.post(`tasks/${task.id}/complete`);
    await agentSchedule(reminder!.id, 3);
    // Past its time, and a sweep has run since (the barrier, issue 16): nothing went out on any channel.
    await waitFor('the reminder’s time to pass', async () => (Date.now() > new Date(at).getTime() ? true : undefined));
    const ticks = async () =>
      (await invokeOwn<{ ticks: number }>('reminder-agent', 'bindings/reminder-sweep')).body.ticks;
    const since = await ticks();
    // Two more ticks: the first of them began after the time had passed (the cron fires every second).
    await waitFor('two more reminder sweeps', async () => ((await ticks()) >= since + 2 ? true : undefined));
    expect((await agentDeliveries(reminder!.id)).map((d) => d.status)).toEqual(['cancelled', 'cancelled']);
    expect(await db.notification.count({ where: { reminderId: reminder!.id } })).toBe(0);
    expect((await reminders(user, task.id))[0]).toMatchObject({ state: 'inactive', inactiveReason: 'task-completed' });
  });

  it('gives each occurrence of a recurring task its own reminders, moved to its due date', async () => {
    const user = await signUp();
    const task = await createTask(user, { title: 'Stand-up' });
    // From the day after tomorrow, so every reminder of occurrence 0 is still ahead.
    const start = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const set = await user.api.put(`tasks/${task.id}/recurrence`, {
      preset: { kind: 'daily' },
      timeZone: 'America/New_York',
      anchor: `${start}T09:00`,
    });
    expect(set.status).toBe(200);
    const dueAt = set.body.task.dueAt as string;
    const absolute = plus(dueAt, -45 * 60_000);
    expect(
      (await user.api.post(`tasks/${task.id}/reminders`, { beforeDue: 'PT15M', channels: ['in_app'] })).status,
    ).toBe(201);
    expect((await user.api.post(`tasks/${task.id}/reminders`, { at: absolute, channels: ['email'] })).status).toBe(201);
    await user.api.post(`tasks/${task.id}/complete`);
    const next = await waitFor(
      'the next occurrence',
      async () =>
        (await db.task.findFirst({ where: { seriesId: set.body.seriesId, occurrenceIndex: 1 } })) ?? undefined,
    );
    const nextDue = next.dueAt?.toISOString() as string;
    const copied = await reminders(user, next.id);
    expect(copied.map((r) => [r.fireAt, r.state])).toEqual([
      [plus(nextDue, -45 * 60_000), 'scheduled'],
      [plus(nextDue, -15 * 60_000), 'scheduled'],
    ]);
    // The completed occurrence's reminders are cancelled; the new ones reach the agent.
    expect((await reminders(user, task.id)).map((r) => r.state)).toEqual(['inactive', 'inactive']);
    for (const reminder of copied) await agentSchedule(reminder.id, 1);
  });

  it('registers and removes web-push subscriptions, and serves the VAPID public key', async () => {
    const user = await signUp();
    const key = await invoke('tasks-api', 'push/vapid-public-key');
    expect(key.status).toBe(200);
    expect(Buffer.from(key.body.publicKey, 'base64url')).toHaveLength(65);
    const subscription = {
      endpoint: 'https://push.example.test/send/abc',
      keys: { p256dh: Buffer.alloc(65, 4).toString('base64url'), auth: Buffer.alloc(16, 1).toString('base64url') },
    };
    const created = await user.api.post('me/push-subscriptions', subscription);
    expect(created.status).toBe(201);
    expect((await user.api.post('me/push-subscriptions', subscription)).status).toBe(200);
    expect((await user.api.get('me/push-subscriptions')).body.items).toHaveLength(1);
    await waitFor(
      'reminder-agent has the subscription',
      async () => (await db.reminderAgentPushSubscription.findUnique({ where: { id: created.body.id } })) ?? undefined,
    );
    expect((await user.api.delete(`me/push-subscriptions/${created.body.id}`)).status).toBe(204);
    expect((await user.api.get('me/push-subscriptions')).body.items).toHaveLength(0);
    await waitFor('reminder-agent dropped the subscription', async () => {
      const row = await db.reminderAgentPushSubscription.findUnique({ where: { id: created.body.id } });
      return row?.removedAt ? row : undefined;
    });
  });
});
