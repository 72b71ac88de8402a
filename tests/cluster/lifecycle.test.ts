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

const apps = ['tasks-api', 'audit-agent', 'recurrence-agent', 'reminder-agent', 'realtime-sync', 'web'];

let cluster: ClusterClient | undefined;
afterAll(async () => {
  await cluster?.close();
}, 60_000);

describe('the release’s lifecycle on the one-node cluster', () => {
  it('rolls out a changed value with helm upgrade while tasks are created: none lost, none audited twice', async () => {
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
        const created = await user.api.post('tasks', { title: `During upgrade ${ids.length}` }).catch(() => undefined);
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
    for (const id of ids) {
      const entries = await waitFor(
        `the audit row of ${id}`,
        async () => {
          const result = await invoke<{ items: Array<{ eventType: string }> }>(
            'audit-agent',
            `audit-entries?taskId=${id}`,
            {
              headers: { authorization: `Bearer ${user.accessToken}` },
            },
          );
          return result.status === 200 && result.body.items.length > 0 ? result.body.items : undefined;
        },
        { timeoutMs: 120_000 },
      );
      expect({ id, events: entries.map((e) => e.eventType) }).toEqual({ id, events: ['task.created'] });
    }
    await waitForReplicas(
      'web',
      Number(await kubectl('get', 'deploy', 'web', '-n', namespace, '-o', 'jsonpath={.spec.replicas}')),
    );
  });

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
