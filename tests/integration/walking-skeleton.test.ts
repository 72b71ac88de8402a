import { httpRequest, invokeOwn, kafkaBootstrap, kafkaTool, runFileApps, waitFor } from '@taskmesh/testing';
import { walkingSkeleton } from '../flows/walking-skeleton';

// The platform's promise: a task created by Dapr service invocation is stored
// by tasks-api, published through its outbox to Kafka via Dapr pub/sub, and
// recorded by audit-agent, with every app healthy behind its own sidecar.

describe('walking skeleton', () => {
  it('creates a task through tasks-api’s sidecar and audit-agent records its event from Kafka', async () => {
    await walkingSkeleton();
  });

  it('runs all seven apps healthy behind their sidecars', async () => {
    const apps = runFileApps();
    expect(apps.map((a) => a.appID).sort()).toEqual([
      'audit-agent',
      'realtime-sync',
      'recurrence-agent',
      'reminder-agent',
      'tasks-api',
      'web',
      'webhook-agent',
    ]);
    for (const app of apps) {
      const sidecar = await httpRequest(`http://127.0.0.1:${app.daprHTTPPort}/v1.0/healthz`);
      expect({ app: app.appID, status: sidecar.status }).toEqual({ app: app.appID, status: 204 });
      const health = await invokeOwn(app.appID, 'healthz');
      expect({ app: app.appID, status: health.status, body: health.body }).toEqual({
        app: app.appID,
        status: 200,
        body: { status: 'ok' },
      });
    }
  });

  it('delivers cron binding ticks to reminder-agent and answers recurrence-agent’s binding', async () => {
    const first = await invokeOwn<{ ticks: number }>('reminder-agent', 'bindings/reminder-sweep');
    expect(first.status).toBe(200);
    await waitFor('another reminder-sweep tick', async () => {
      const now = await invokeOwn<{ ticks: number }>('reminder-agent', 'bindings/reminder-sweep');
      return now.body.ticks > first.body.ticks ? now.body : undefined;
    });
    const recurrence = await invokeOwn('recurrence-agent', 'bindings/recurrence-sweep');
    expect(recurrence.status).toBe(200);
    expect(recurrence.body).toMatchObject({ binding: 'recurrence-sweep', failures: 0 });
  });

  it('created the Kafka topics with their partitions and retention', () => {
    const out = kafkaTool('org.apache.kafka.tools.TopicCommand', [
      '--bootstrap-server',
      kafkaBootstrap(),
      '--describe',
      '--topics-with-overrides',
    ]);
    const topics = Object.fromEntries(
      out
        .split('\n')
        .filter((line) => line.startsWith('Topic:'))
        .map((line) => {
          const name = /Topic: (\S+)/.exec(line)?.[1];
          const partitions = Number(/PartitionCount: (\d+)/.exec(line)?.[1]);
          const retention = Number(/retention\.ms=(\d+)/.exec(line)?.[1]);
          return [name, { partitions, retentionDays: retention / 86_400_000 }];
        }),
    );
    expect(topics).toMatchObject({
      'task-events': { partitions: 3, retentionDays: 7 },
      'task-updates': { partitions: 3, retentionDays: 1 },
      reminders: { partitions: 3, retentionDays: 1 },
      'audit-logs': { partitions: 3, retentionDays: 90 },
      notifications: { partitions: 3, retentionDays: 1 },
      'task-events.audit-agent.dlq': { partitions: 3, retentionDays: 7 },
      'task-events.recurrence-agent.dlq': { partitions: 3, retentionDays: 7 },
      'task-events.webhook-agent.dlq': { partitions: 3, retentionDays: 7 },
      'task-updates.realtime-sync.dlq': { partitions: 3, retentionDays: 1 },
      'notifications.realtime-sync.dlq': { partitions: 3, retentionDays: 1 },
      'reminders.reminder-agent.dlq': { partitions: 3, retentionDays: 1 },
      'reminders.tasks-api.dlq': { partitions: 3, retentionDays: 1 },
    });
  });
});
