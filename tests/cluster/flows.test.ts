import { invoke, signUp, waitFor } from '@taskmesh/testing';
import { walkingSkeleton } from '../flows/walking-skeleton';
import { connect, disconnectAll, url } from '../integration/realtime/realtime-clients';
import { type ClusterClient, connectToCluster } from './cluster-env';
import { kubeJson, namespace, type Pod } from './kube';

// Issue 18: the chart installed on the one-node cluster (`npm run cluster:up`)
// works end to end, every pod with a sidecar Dapr's injector added, its
// Components served by Dapr's operator and its secrets read from the
// kubernetes secret store.

let cluster: ClusterClient;
beforeAll(async () => {
  cluster = await connectToCluster();
}, 120_000);
afterEach(() => disconnectAll());
afterAll(() => cluster?.close());

describe('Taskmesh on the one-node cluster', () => {
  it('runs every app with a sidecar injected by Dapr (not written in the chart)', async () => {
    const pods = (await kubeJson<{ items: Pod[] }>('pods', '-n', namespace, '-l', 'app.kubernetes.io/part-of=taskmesh'))
      .items;
    const apps = pods.filter((p) => p.metadata.annotations?.['dapr.io/enabled'] === 'true');
    expect(new Set(apps.map((p) => p.metadata.labels['app.kubernetes.io/name']))).toEqual(
      new Set([
        'tasks-api',
        'audit-agent',
        'recurrence-agent',
        'reminder-agent',
        'realtime-sync',
        'webhook-agent',
        'web',
      ]),
    );
    for (const pod of apps) {
      const containers = pod.spec.containers.map((c) => c.name);
      expect({ pod: pod.metadata.name, containers }).toEqual({
        pod: pod.metadata.name,
        containers: expect.arrayContaining(['daprd']),
      });
      // The injector marks what it did; the chart never names a daprd container.
      expect(pod.metadata.labels['dapr.io/sidecar-injected']).toBe('true');
    }
  });

  it('passes the walking skeleton: a task created through web’s sidecar, its audit row written from Kafka', async () => {
    await walkingSkeleton();
  });

  it('creates the next occurrence of a completed recurring task', async () => {
    const user = await signUp();
    const created = await user.api.post('tasks', { title: 'Water the plants' });
    expect(created.status).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    const set = await user.api.put(`tasks/${created.body.id}/recurrence`, {
      preset: { kind: 'daily' },
      timeZone: 'Europe/London',
      anchor: `${today}T09:00`,
    });
    expect(set.status).toBe(200);
    const first = set.body.task as { id: string; seriesId: string; version: number; dueAt: string };
    const done = await user.api.post(`tasks/${first.id}/complete`, {}, { 'if-match': `"${first.version}"` });
    expect(done.status).toBe(200);
    const next = await waitFor(
      'the next occurrence',
      async () => {
        const list = await user.api.get('tasks');
        return list.body.items.find(
          (t: { seriesId: string; id: string }) => t.seriesId === first.seriesId && t.id !== first.id,
        );
      },
      { timeoutMs: 60_000 },
    );
    expect(next).toMatchObject({ title: 'Water the plants', seriesId: first.seriesId });
    expect(Date.parse(next.dueAt) - Date.parse(first.dueAt)).toBe(24 * 3600_000);
  });

  it('delivers an in-app reminder', async () => {
    const user = await signUp();
    const at = new Date(Date.now() + 3000).toISOString();
    const task = await user.api.post('tasks', {
      title: 'Call the dentist',
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      reminders: [{ at, channels: ['in_app'] }],
    });
    expect(task.status).toBe(201);
    const inbox = await waitFor(
      'the in-app notification',
      async () => {
        const page = await invoke('reminder-agent', 'notifications', {
          headers: { authorization: `Bearer ${user.accessToken}` },
        });
        return page.body.items?.length > 0 ? page.body : undefined;
      },
      { timeoutMs: 90_000 },
    );
    expect(inbox).toMatchObject({ unreadCount: 1, items: [{ taskId: task.body.id }] });
  });

  it('shows a change to an open socket.io client', async () => {
    const user = await signUp();
    const client = await connect(user.accessToken, { port: cluster.realtimePort });
    expect(url(cluster.realtimePort)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await user.api.post('tasks', { title: 'Seen live in the cluster' });
    expect(created.status).toBe(201);
    const update = await waitFor('the task on the socket', async () =>
      client.tasks.find((t) => t.taskId === created.body.id),
    );
    expect(update.task.title).toBe('Seen live in the cluster');
  });
});
