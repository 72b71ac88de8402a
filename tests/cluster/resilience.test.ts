import { invoke, signUp, type TestUser, waitFor } from '@taskmesh/testing';
import { type ClusterClient, connectToCluster } from './cluster-env';
import { kubectl, namespace, podsOf, waitForReplicas } from './kube';

// Issue 18: the existing invariants (each event audited once, each reminder
// delivered once per channel) hold in the cluster while Kubernetes moves
// pods: audit-agent and reminder-agent scaled to two replicas, and one pod of
// each deleted in the middle of the load.

let cluster: ClusterClient;
const scaled = ['audit-agent', 'reminder-agent'];
let before: Record<string, number> = {};
beforeAll(async () => {
  cluster = await connectToCluster();
  for (const app of scaled) {
    before[app] = Number(await kubectl('get', 'deploy', app, '-n', namespace, '-o', 'jsonpath={.spec.replicas}'));
    await kubectl('scale', 'deploy', app, '-n', namespace, '--replicas=2');
  }
  for (const app of scaled) await waitForReplicas(app, 2);
}, 300_000);
afterAll(async () => {
  for (const [app, replicas] of Object.entries(before)) {
    await kubectl('scale', 'deploy', app, '-n', namespace, `--replicas=${replicas}`);
  }
  before = {};
  await cluster?.close();
}, 120_000);

/** Deletes one ready pod of `appId` without waiting for it to go (the load goes on meanwhile). */
async function deleteOnePod(appId: string): Promise<string> {
  const [pod] = await podsOf(appId);
  if (!pod) throw new Error(`no ready pod of ${appId}`);
  await kubectl('delete', 'pod', pod.metadata.name, '-n', namespace, '--wait=false');
  return pod.metadata.name;
}

async function inBatches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, j) => make(i + j)))));
  }
  return out;
}

const auditOf = (user: TestUser, taskId: string) =>
  invoke<{ items: Array<{ eventType: string; eventId: string }> }>('audit-agent', `audit-entries?taskId=${taskId}`, {
    headers: { authorization: `Bearer ${user.accessToken}` },
  });

describe('resilience on the one-node cluster', () => {
  it('audits every task exactly once while an audit-agent pod is deleted mid-load (two replicas)', async () => {
    const user = await signUp();
    const total = 120;
    let deleted: string | undefined;
    const ids = await inBatches(total, 6, async (i) => {
      if (i === 36) deleted = await deleteOnePod('audit-agent');
      const created = await user.api.post('tasks', { title: `Load ${i}` });
      expect(created.status).toBe(201);
      return created.body.id as string;
    });
    expect(deleted).toBeDefined();
    for (const id of ids) {
      const entries = await waitFor(
        `the audit row of ${id}`,
        async () => {
          const result = await auditOf(user, id);
          return result.status === 200 && result.body.items.length > 0 ? result.body.items : undefined;
        },
        { timeoutMs: 120_000 },
      );
      expect(entries.map((e) => e.eventType)).toEqual(['task.created']);
    }
    // Barrier: a change made after the load is audited, so every delivery of the load's
    // events (redeliveries after the deleted pod's partitions moved) was handled before it.
    const barrier = ids[0] as string;
    const renamed = await user.api.patch(`tasks/${barrier}`, { title: 'After the load' }, { 'if-match': '"1"' });
    expect(renamed.status).toBe(200);
    await waitFor('the barrier’s audit row', async () =>
      (await auditOf(user, barrier)).body.items.length === 2 ? true : undefined,
    );
    for (const id of ids) {
      const entries = (await auditOf(user, id)).body.items.filter((e) => e.eventType === 'task.created');
      expect({ id, created: entries.length }).toEqual({ id, created: 1 });
    }
    await waitForReplicas('audit-agent', 2);
  });

  it('delivers every in-app reminder exactly once while a reminder-agent pod is deleted as they fall due', async () => {
    const user = await signUp();
    const total = 30;
    const at = new Date(Date.now() + 20_000).toISOString();
    const ids = await inBatches(total, 6, async (i) => {
      const created = await user.api.post('tasks', {
        title: `Remind ${i}`,
        dueAt: new Date(Date.now() + 3_600_000).toISOString(),
        reminders: [{ at, channels: ['in_app'] }],
      });
      expect(created.status).toBe(201);
      return created.body.id as string;
    });
    await waitFor('the reminders to fall due', async () => (Date.now() >= Date.parse(at) - 2000 ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    await deleteOnePod('reminder-agent');
    const notifications = () =>
      invoke<{ items: Array<{ taskId: string }> }>('reminder-agent', 'notifications?limit=100', {
        headers: { authorization: `Bearer ${user.accessToken}` },
      });
    await waitFor(
      'every reminder delivered',
      async () => ((await notifications()).body.items?.length >= total ? true : undefined),
      { timeoutMs: 180_000, intervalMs: 1000 },
    );
    // Barrier: a reminder due after all of them is delivered; every replica's sweep
    // has passed the earlier ones by then.
    const sentinel = await user.api.post('tasks', {
      title: 'Sentinel',
      dueAt: new Date(Date.now() + 3_600_000).toISOString(),
      reminders: [{ at: new Date(Date.now() + 3000).toISOString(), channels: ['in_app'] }],
    });
    expect(sentinel.status).toBe(201);
    await waitFor(
      'the sentinel reminder',
      async () => ((await notifications()).body.items?.some((n) => n.taskId === sentinel.body.id) ? true : undefined),
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    const delivered = (await notifications()).body.items.map((n) => n.taskId).filter((id) => id !== sentinel.body.id);
    expect([...delivered].sort()).toEqual([...ids].sort());
    await waitForReplicas('reminder-agent', 2);
  });
});
