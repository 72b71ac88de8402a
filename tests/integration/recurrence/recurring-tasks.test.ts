import {
  consumerGroupPassed,
  createTask,
  holdDown,
  invokeOwn,
  kafkaBootstrap,
  kafkaTool,
  readTopicSince,
  runFileApps,
  signUp,
  startSidecar,
  type TestUser,
  testDatabase,
  topicEndOffsets,
  waitFor,
} from '@taskmesh/testing';
import { people, sharedProject } from '../projects/project-fixture';

const db = testDatabase();
afterAll(() => db.$disconnect());

/** A task recurring daily at 09:00 in Europe/London, due today. */
async function recurringTask(user: TestUser) {
  const task = await createTask(user, { title: 'Water the plants', tags: ['home'], priority: 'high' });
  const today = new Date().toISOString().slice(0, 10);
  const set = await user.api.put(`tasks/${task.id}/recurrence`, {
    preset: { kind: 'daily' },
    timeZone: 'Europe/London',
    anchor: `${today}T09:00`,
  });
  expect(set.status).toBe(200);
  return set.body.task as { id: string; seriesId: string; dueAt: string; version: number };
}

const occurrences = (seriesId: string) =>
  db.task.findMany({ where: { seriesId }, orderBy: { occurrenceIndex: 'asc' } });

async function expectExactlyOneNext(seriesId: string) {
  const rows = await waitFor('the next occurrence', async () => {
    const found = await occurrences(seriesId);
    return found.length >= 2 ? found : undefined;
  });
  // Barrier: every event of the series is on Kafka, and every delivery of them (redeliveries,
  // either replica) has been handled.
  const ids = rows.map((t) => t.id);
  await waitFor('the series’ events published', async () =>
    (await db.outboxEvent.count({ where: { partitionKey: { in: ids }, publishedAt: null } })) === 0 ? true : undefined,
  );
  await consumerGroupPassed('recurrence-agent', 'task-events');
  const settled = await occurrences(seriesId);
  expect(settled.map((t) => t.occurrenceIndex)).toEqual([0, 1]);
  return rows[1];
}

/** Waits until every outbox event of this type for the task is on Kafka. */
const published = (taskId: string, eventType: string) =>
  waitFor(`${eventType} published`, async () => {
    const events = await db.outboxEvent.findMany({ where: { partitionKey: taskId, eventType } });
    return events.length > 0 && events.every((e) => e.publishedAt) ? true : undefined;
  });

describe('recurring tasks', () => {
  it('previews a rule with a description, and refuses a bad one naming the field', async () => {
    const user = await signUp();
    const preview = await user.api.post('recurrence/preview', {
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=31',
      timeZone: 'America/New_York',
      anchor: '2027-01-31T09:00',
      count: 4,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.description).toBe('every month on the last day at 09:00 (America/New_York)');
    expect(preview.body.occurrences).toEqual([
      '2027-01-31T14:00:00.000Z',
      '2027-02-28T14:00:00.000Z',
      '2027-03-31T13:00:00.000Z',
      '2027-04-30T13:00:00.000Z',
    ]);
    const bad = await user.api.post('recurrence/preview', {
      rrule: 'FREQ=SECONDLY',
      timeZone: 'UTC',
      anchor: '2027-01-01T09:00',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('rrule');
  });

  it('creates exactly one next occurrence when a recurring task is completed, through Kafka and invocation', async () => {
    const user = await signUp();
    const task = await recurringTask(user);
    expect((await user.api.post(`tasks/${task.id}/complete`)).status).toBe(200);
    const next = await expectExactlyOneNext(task.seriesId);
    expect(next).toMatchObject({
      title: 'Water the plants',
      tags: ['home'],
      priority: 'high',
      status: 'todo',
      completedAt: null,
    });
    expect(next?.dueAt?.getTime()).toBeGreaterThan(Date.now());
    // complete / reopen / complete the same occurrence: still one next occurrence.
    await user.api.post(`tasks/${task.id}/reopen`);
    await user.api.post(`tasks/${task.id}/complete`);
    await expectExactlyOneNext(task.seriesId);
  });

  it('stays at one next occurrence with the completion delivered twice and two agent replicas', async () => {
    const extra = await startSecondReplica();
    try {
      const user = await signUp();
      const task = await recurringTask(user);
      await user.api.post(`tasks/${task.id}/complete`);
      await expectExactlyOneNext(task.seriesId);
      // Publish the completion again, as a redelivery would.
      const completion = await db.outboxEvent.findFirstOrThrow({
        where: { partitionKey: task.id, eventType: 'task.completed' },
      });
      await db.outboxEvent.update({ where: { seq: completion.seq }, data: { publishedAt: null } });
      await waitFor('the completion published again', async () =>
        (await db.outboxEvent.findUniqueOrThrow({ where: { seq: completion.seq } })).publishedAt ? true : undefined,
      );
      await expectExactlyOneNext(task.seriesId);
    } finally {
      extra.stop();
    }
  });

  it('repairs a missing next occurrence with the sweep after the agent was down and missed the completion', async () => {
    const user = await signUp();
    const task = await recurringTask(user);
    await holdDown('recurrence-agent', async () => {
      await user.api.post(`tasks/${task.id}/complete`);
      await published(task.id, 'task.completed');
      // The event is lost to the agent: its consumer group skips to the end of
      // task-events. Kafka refuses while the killed consumer's session lasts, so retry.
      await waitFor(
        'the consumer group reset past the completion',
        async () => {
          const out = kafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [
            '--bootstrap-server',
            kafkaBootstrap(),
            '--group',
            'recurrence-agent',
            '--topic',
            'task-events',
            '--reset-offsets',
            '--to-latest',
            '--execute',
          ]);
          return out.includes('NEW-OFFSET') && !/Error/i.test(out) ? true : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 2000 },
      );
    });
    // Back up, the agent does not see the completion: no next occurrence yet. Barrier: a later
    // change to the same task (same partition) has been handled, so the agent is past the completion.
    expect((await user.api.patch(`tasks/${task.id}`, { title: 'Water the plants (marker)' })).status).toBe(200);
    await published(task.id, 'task.updated');
    await consumerGroupPassed('recurrence-agent', 'task-events');
    expect(await occurrences(task.seriesId)).toHaveLength(1);
    // One tick of the cron binding (it fires every 5 minutes; the test does not wait that long).
    const tick = await invokeOwn('recurrence-agent', 'recurrence-sweep', { method: 'POST' });
    expect(tick.status).toBe(200);
    await expectExactlyOneNext(task.seriesId);
  });

  it('shows how a task recurs (rule, words, next five dates) to its owner only', async () => {
    const user = await signUp();
    const task = await recurringTask(user);
    const shown = await user.api.get(`tasks/${task.id}/recurrence`);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      seriesId: task.seriesId,
      rrule: 'FREQ=DAILY',
      timeZone: 'Europe/London',
      mode: 'fixed',
      endedAt: null,
    });
    expect(shown.body.description).toMatch(/day/i);
    expect(shown.body.occurrences).toHaveLength(5);
    const plain = await createTask(user, { title: 'Once' });
    expect((await user.api.get(`tasks/${plain.id}/recurrence`)).status).toBe(404);
    const stranger = await signUp();
    expect((await stranger.api.get(`tasks/${task.id}/recurrence`)).status).toBe(404);
  });

  it('acknowledges comment, assignment, project and membership events without dead-lettering them (issue 19)', async () => {
    const deadLettersBefore = topicEndOffsets('task-events.recurrence-agent.dlq');
    const p = await people();
    // project.created, four project.member-added, task.created, two comment.added ...
    const s = await sharedProject(p, 'Not recurring');
    // ... task.assigned, comment.edited, project.member-role-changed, project.member-removed.
    expect((await p.owner.api.post(`tasks/${s.taskId}/assignees`, { userId: p.editor.id })).status).toBe(200);
    const edited = await p.editor.api.patch(`tasks/${s.taskId}/comments/${s.editorCommentId}`, { body: 'edited' });
    expect(edited.status).toBe(200);
    const members = `projects/${s.projectId}/members/${p.target.id}`;
    expect((await p.owner.api.patch(members, { role: 'commenter' })).status).toBe(200);
    expect((await p.owner.api.delete(members)).status).toBe(204);
    // Barrier: all of them are on task-events, and the agent's consumer group has committed past them.
    const keys = [s.projectId, s.taskId];
    await waitFor('the project’s events published', async () =>
      (await db.outboxEvent.count({
        where: { topic: 'task-events', partitionKey: { in: keys }, publishedAt: null },
      })) === 0
        ? true
        : undefined,
    );
    await consumerGroupPassed('recurrence-agent', 'task-events');
    const deadLetters = readTopicSince('task-events.recurrence-agent.dlq', deadLettersBefore);
    expect(deadLetters.filter((m) => keys.some((key) => m.includes(key)))).toEqual([]);
  });

  it('ends and skips', async () => {
    const user = await signUp();
    const task = await recurringTask(user);
    const skipped = await user.api.post(`tasks/${task.id}/recurrence/skip`);
    expect(skipped.status).toBe(200);
    expect(new Date(skipped.body.dueAt).getTime() - new Date(task.dueAt).getTime()).toBe(86_400_000);
    expect((await user.api.delete(`tasks/${task.id}/recurrence`)).status).toBe(204);
    await user.api.post(`tasks/${task.id}/complete`);
    // Barrier: the agent has handled the completion.
    await published(task.id, 'task.completed');
    await consumerGroupPassed('recurrence-agent', 'task-events');
    expect(await occurrences(task.seriesId)).toHaveLength(1);
  });
});

/** A second recurrence-agent replica: same app id (so the same consumer group), its own ports. */
function startSecondReplica() {
  const first = runFileApps().find((a) => a.appID === 'recurrence-agent');
  if (!first) throw new Error('recurrence-agent missing from dapr.yaml');
  return startSidecar({
    appId: 'recurrence-agent',
    httpPort: 3593,
    grpcPort: 3693,
    internalGrpcPort: 3793,
    app: { dir: first.appDirPath, port: 3193 },
  });
}
