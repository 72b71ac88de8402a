import { daprApiToken, httpRequest } from '@taskmesh/testing';
import { type ClusterClient, connectToCluster } from './cluster-env';
import { kubeJson, namespace, type Pod, podsOf, portForward } from './kube';

// Issue 18: mTLS between the sidecars (Dapr Sentry in the cluster issues each
// one its certificate), and the access-control policies of the chart's
// Configurations enforced on those identities: an app calling an operation it
// was not granted is refused by the callee's sidecar.

let cluster: ClusterClient;
beforeAll(async () => {
  cluster = await connectToCluster();
}, 120_000);
afterAll(() => cluster?.close());

/** Sentry's Prometheus counter, read through a port-forward to its pod. */
async function sentryCounter(name: string): Promise<number> {
  const forward = await portForward('deploy/dapr-sentry', 9090, 'dapr-system');
  try {
    const metrics = await httpRequest<string>(`http://127.0.0.1:${forward.port}/metrics`);
    const lines = String(metrics.body)
      .split('\n')
      .filter((l) => l.startsWith(name));
    return lines.reduce((sum, line) => sum + Number(line.split(/\s+/).pop()), 0);
  } finally {
    await forward.close();
  }
}

/** `method` on `target` through `caller`'s own sidecar (a port-forward to one of its pods). */
async function invokeAs(caller: string, target: string, method: string) {
  const [pod] = await podsOf(caller);
  if (!pod) throw new Error(`no ready pod of ${caller}`);
  const forward = await portForward(`pod/${pod.metadata.name}`, 3500);
  try {
    return await httpRequest(`http://127.0.0.1:${forward.port}/v1.0/invoke/${target}/method/${method}`, {
      headers: { 'dapr-api-token': daprApiToken() },
    });
  } finally {
    await forward.close();
  }
}

describe('the mesh on the one-node cluster', () => {
  it('runs every sidecar with mTLS: Sentry signed a certificate for each', async () => {
    const configurations = await kubeJson<{
      items: Array<{ metadata: { name: string }; spec: { mtls: { enabled: boolean } } }>;
    }>('configurations.dapr.io', '-n', namespace);
    expect(configurations.items.length).toBe(7);
    expect(configurations.items.filter((c) => !c.spec.mtls.enabled)).toEqual([]);
    const pods = (await kubeJson<{ items: Pod[] }>('pods', '-n', namespace, '-l', 'dapr.io/sidecar-injected=true'))
      .items;
    expect(pods.length).toBeGreaterThanOrEqual(7);
    // Every sidecar asks Sentry for its workload certificate at start (and again
    // before it expires), so at least one signing per running sidecar.
    expect(await sentryCounter('dapr_sentry_cert_sign_success_total')).toBeGreaterThanOrEqual(pods.length);
    expect(await sentryCounter('dapr_sentry_cert_sign_failure_total')).toBe(0);
  });

  it('lets web list tasks (granted), and refuses recurrence-agent and audit-agent the same call (not granted)', async () => {
    // Without a bearer token tasks-api answers 401: the call reached it.
    expect((await invokeAs('web', 'tasks-api', 'tasks')).status).toBe(401);
    for (const caller of ['recurrence-agent', 'audit-agent']) {
      const refused = await invokeAs(caller, 'tasks-api', 'tasks');
      expect({ caller, status: refused.status }).toEqual({ caller, status: 403 });
      expect(JSON.stringify(refused.body)).toMatch(/access control policy/i);
    }
  });
});
