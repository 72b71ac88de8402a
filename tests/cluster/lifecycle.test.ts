import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { invoke, repoRoot, signUp, waitFor } from '@taskmesh/testing';
import { parse } from 'yaml';
import { type ClusterClient, connectToCluster } from './cluster-env';
import { kubectl, kubeJson, namespace, waitForReplicas } from './kube';

// Issue 18: `helm upgrade` with a changed value rolls every app out while
// tasks are being created, and no event is lost or audited twice; `helm
// uninstall` then leaves nothing of the release behind. Runs last (the
// cluster suite's script runs it after the others): it uninstalls Taskmesh.

const run = promisify(execFile);
const release = (...args: string[]) =>
  run('bash', [path.join(repoRoot, 'infra/cluster/taskmesh.sh'), ...args], {
    cwd: repoRoot,
    timeout: 15 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });

const apps = [
  'tasks-api',
  'audit-agent',
  'recurrence-agent',
  'reminder-agent',
  'realtime-sync',
  'webhook-agent',
  'web',
];

let cluster: ClusterClient | undefined;

interface AuditPage {
  items: Array<{ taskId: string | null; eventType: string }>;
  nextCursor: string | null;
}

/** Every audit entry of the user's own tasks and projects, oldest first; undefined while audit-agent does not answer. */
async function auditEntriesOf(accessToken: string): Promise<AuditPage['items'] | undefined> {
  const items: AuditPage['items'] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: AuditPage } = await invoke<AuditPage>(
      'audit-agent',
      `audit-entries?order=asc&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      {
        headers: { authorization: `Bearer ${accessToken}` },
      },
    );
    if (page.status !== 200) return undefined;
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}
afterAll(async () => {
  await cluster?.close();
}, 60_000);

describe('the release’s lifecycle on the one-node cluster', () => {
  it(
    'rolls out a changed value with helm upgrade while tasks are created: none lost, none audited twice',
    async () => {
      cluster = await connectToCluster();
      const user = await signUp();
      const revisionBefore = JSON.parse((await release('status', '-o', 'json')).stdout).version as number;
      const ids: string[] = [];
      let upgrading = true;
      // Creates tasks one after another until the upgrade has rolled out. A create may
      // fail while web's pod is replaced behind the node port (it is retried, as a client
      // would); every one answered 201 must reach the audit log exactly once.
      const load = (async () => {
        while (upgrading) {
          const created = await user.api
            .post('tasks', { title: `During upgrade ${ids.length}` })
            .catch(() => undefined);
          if (created?.status === 201) ids.push(created.body.id);
          else await new Promise((resolve) => setTimeout(resolve, 500));
        }
      })();
      await release('upgrade', '--set', 'logLevel=debug');
      upgrading = false;
      await load;
      expect(JSON.parse((await release('status', '-o', 'json')).stdout).version).toBe(revisionBefore + 1);
      for (const app of apps) {
        const deployment = await kubeJson<{
          spec: {
            template: { spec: { containers: Array<{ name: string; env?: Array<{ name: string; value?: string }> }> } };
          };
          status: { updatedReplicas?: number; replicas?: number };
        }>('deploy', app, '-n', namespace);
        const container = deployment.spec.template.spec.containers.find((c) => c.name === app);
        expect({ app, logLevel: container?.env?.find((e) => e.name === 'LOG_LEVEL')?.value }).toEqual({
          app,
          logLevel: 'debug',
        });
        expect(deployment.status.updatedReplicas).toBe(deployment.status.replicas);
      }
      expect(ids.length).toBeGreaterThan(10);
      // One listing of the user's own entries (pages of 500) instead of a query per task:
      // the load makes hundreds of tasks in a slow rollout.
      const created = new Set(ids);
      const entries = await waitFor(
        'an audit row for every task created during the upgrade',
        async () => {
          const all = await auditEntriesOf(user.accessToken);
          const audited = new Set(all?.filter((e) => e.eventType === 'task.created').map((e) => e.taskId));
          return all && ids.every((id) => audited.has(id)) ? all : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 1000 },
      );
      const eventsByTask = new Map<string, string[]>();
      for (const entry of entries.filter((e) => e.taskId !== null))
        eventsByTask.set(entry.taskId as string, [
          ...(eventsByTask.get(entry.taskId as string) ?? []),
          entry.eventType,
        ]);
      expect([...eventsByTask.keys()].filter((id) => !created.has(id))).toEqual([]);
      for (const id of ids) expect({ id, events: eventsByTask.get(id) }).toEqual({ id, events: ['task.created'] });
      await waitForReplicas(
        'web',
        Number(await kubectl('get', 'deploy', 'web', '-n', namespace, '-o', 'jsonpath={.spec.replicas}')),
      );
      // The rollout replaces every app and its sidecar one after another (about 100 s
      // here for six apps), then the waits above: helm's own --wait bounds it, not the default 120 s.
    },
    10 * 60_000,
  );

  it('leaves nothing of the release behind after helm uninstall', async () => {
    await release('uninstall');
    const kinds = [
      'deployments',
      'replicasets',
      'pods',
      'services',
      'jobs',
      'configmaps',
      'secrets',
      'serviceaccounts',
      'roles',
      'rolebindings',
      'networkpolicies',
      'poddisruptionbudgets',
      'horizontalpodautoscalers',
      'components.dapr.io',
      'configurations.dapr.io',
      'subscriptions.dapr.io',
    ].join(',');
    const left = await waitFor(
      'the release’s objects to go',
      async () => {
        const items = (
          await kubeJson<{ items: Array<{ kind: string; metadata: { name: string } }> }>(
            kinds,
            '-n',
            namespace,
            '-l',
            'app.kubernetes.io/instance=taskmesh',
          )
        ).items;
        // Pods end after their grace period (20 s for the apps): wait for them.
        return items.some((i) => i.kind === 'Pod') ? undefined : items;
      },
      { timeoutMs: 180_000, intervalMs: 2000 },
    );
    // Deliberately kept: the two generated tokens (helm.sh/resource-policy: keep), so a
    // reinstall keeps the API token other apps hold, and the application Secrets the
    // chart made (secrets.create: pre-install hooks, which Helm never deletes; they open
    // the data, which outlives the release). taskmesh.sh uninstall --purge removes them.
    const { secrets } = parse(readFileSync(path.join(repoRoot, 'charts/taskmesh/values.yaml'), 'utf8')) as {
      secrets: { names: string[] };
    };
    expect(left.map((i) => `${i.kind}/${i.metadata.name}`).sort()).toEqual(
      ['taskmesh-app-api-token', 'taskmesh-dapr-api-token', ...secrets.names].map((n) => `Secret/${n}`).sort(),
    );
    await release('uninstall', '--purge');
    const after = await kubeJson<{ items: unknown[] }>(
      kinds,
      '-n',
      namespace,
      '-l',
      'app.kubernetes.io/instance=taskmesh',
    );
    expect(after.items).toEqual([]);
  });
});
