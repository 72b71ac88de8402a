import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pinnedVersion } from '@taskmesh/testing';
import { parse } from 'yaml';
import type { KubernetesObject } from './api-schemas';
import { type ApiServer, startApiServer } from './api-server';
import {
  daprChart,
  daprImages,
  daprNamespace,
  daprValueSets,
  daprValues,
  renderDapr,
  sidecarSettings,
  workloads,
} from './dapr-chart';

// Issue 18: Dapr's control plane on the one-node cluster, from Dapr's own Helm
// chart (in the github.com/dapr/dapr module at the pinned version) with
// infra/cluster/dapr-values.yaml. Offline: every image is local
// (localhost/taskmesh/dapr/<component>, never pulled), nothing needs a storage
// provisioner, one replica of each, and a real kube-apiserver accepts every object.
const version = pinnedVersion('DAPR_RUNTIME_VERSION');
let chart: string;
const rendered: Partial<Record<keyof typeof daprValueSets, KubernetesObject[]>> = {};
const render = (set: keyof typeof daprValueSets) => {
  rendered[set] ??= renderDapr(chart, daprValueSets[set]);
  return rendered[set];
};
const sets = Object.keys(daprValueSets) as Array<keyof typeof daprValueSets>;

beforeAll(() => {
  chart = daprChart();
});

describe('Dapr control plane values (infra/cluster/dapr-values.yaml)', () => {
  it('name the pinned Dapr, whose chart is the one extracted', () => {
    const values = parse(readFileSync(daprValues, 'utf8')) as { global: { tag: string } };
    expect(values.global.tag).toBe(version);
    expect(readFileSync(path.join(chart, 'Chart.yaml'), 'utf8')).toMatch(new RegExp(`^appVersion: '${version}'$`, 'm'));
  });

  it.each(sets)('run only local images, never pulled, with the %s values', (set) => {
    const objects = render(set);
    const images = [...daprImages(objects).keys()];
    expect(images.length).toBeGreaterThanOrEqual(4);
    for (const image of images) expect(image).toMatch(new RegExp(`^localhost/taskmesh/dapr/[a-z]+:${version}$`));
    for (const { containers } of workloads(objects))
      for (const c of containers)
        expect({ image: c.image, pull: c.imagePullPolicy }).toEqual({ image: c.image, pull: 'Never' });
    const sidecar = sidecarSettings(objects);
    expect(sidecar.SIDECAR_IMAGE).toBe(`localhost/taskmesh/dapr/daprd:${version}`);
    expect(sidecar.SIDECAR_IMAGE_PULL_POLICY).toBe('Never');
  });

  it.each(sets)('need one replica each, no volume claims, small requests and JSON logs with the %s values', (set) => {
    for (const { object, replicas, containers, volumeClaimTemplates } of workloads(render(set))) {
      const name = object.metadata.name;
      // Dapr 1.18's chart fixes the scheduler at 3 replicas (its embedded etcd's quorum).
      expect({ name, replicas }).toEqual({ name, replicas: name === 'dapr-scheduler-server' ? 3 : 1 });
      expect({ name, claims: volumeClaimTemplates }).toEqual({ name, claims: [] });
      for (const c of containers) {
        expect(c.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
        expect(c.resources?.limits?.memory).toEqual(expect.any(String));
        expect(c.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false });
        expect(c.args).toContain('--log-as-json');
      }
    }
  });

  it('run sentry with mTLS, the operator and the injector; no placement or scheduler (no actors, no workflows)', () => {
    const objects = render('cluster');
    expect(
      workloads(objects)
        .map((w) => `${w.object.kind}/${w.object.metadata.name}`)
        .sort(),
    ).toEqual(['Deployment/dapr-operator', 'Deployment/dapr-sentry', 'Deployment/dapr-sidecar-injector']);
    const config = objects.find((o) => o.kind === 'Configuration' && o.metadata.name === 'daprsystem') as
      | (KubernetesObject & { spec: { mtls: Record<string, unknown> } })
      | undefined;
    expect(config?.spec.mtls).toMatchObject({
      enabled: true,
      sentryAddress: `dapr-sentry.${daprNamespace}.svc.cluster.local:443`,
    });
    const sidecar = sidecarSettings(objects);
    expect(sidecar.ACTORS_ENABLED).toBe('false');
    const injector = workloads(objects).find((w) => w.object.metadata.name === 'dapr-sidecar-injector');
    expect(injector?.containers[0]?.args).toContain('--scheduler-enabled=false');
    // The trust bundle starts empty: sentry creates the root and issuer on first start.
    const bundle = objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'dapr-trust-bundle');
    expect(bundle).toBeDefined();
    expect(bundle).not.toHaveProperty('data');
  });

  it('keep the injector webhook away from system and control-plane pods', () => {
    const webhook = render('cluster').find((o) => o.kind === 'MutatingWebhookConfiguration') as
      | (KubernetesObject & { webhooks: Array<Record<string, any>> })
      | undefined;
    const [hook] = webhook?.webhooks ?? [];
    expect(hook?.failurePolicy).toBe('Ignore');
    expect(hook?.namespaceSelector.matchExpressions[0]).toMatchObject({
      key: 'kubernetes.io/metadata.name',
      operator: 'NotIn',
      values: expect.arrayContaining(['kube-system', daprNamespace]),
    });
  });

  it('keep placement and scheduler in memory when turned on', () => {
    const objects = render('actors and scheduler');
    const names = workloads(objects).map((w) => w.object.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['dapr-placement-server', 'dapr-scheduler-server']));
    const scheduler = workloads(objects).find((w) => w.object.metadata.name === 'dapr-scheduler-server');
    expect(scheduler?.volumes).toContainEqual({ name: 'dapr-scheduler-data-dir', emptyDir: { medium: 'Memory' } });
    const placement = workloads(objects).find((w) => w.object.metadata.name === 'dapr-placement-server');
    expect(placement?.containers[0]?.args).not.toContain('--raft-logstore-path');
  });
});

describe('the Dapr control plane against a real kube-apiserver (server-side dry run)', () => {
  let api: ApiServer;

  beforeAll(async () => {
    // Not the ports of api-server-dry-run.test.ts, which jest may run at the same time.
    api = await startApiServer({ etcd: 23791, etcdPeer: 23801, api: 26444 });
    // As `helm install` does: the chart's crds/ first, then the namespace.
    await api.applyCrds(path.join(chart, 'crds'));
    await api.createNamespace(daprNamespace);
  }, 180_000);

  afterAll(() => api?.stop());

  it.each(sets)('accepts every object rendered with the %s values', async (set) => {
    const objects = render(set);
    expect(await api.refused(objects, daprNamespace)).toEqual([]);
    expect(objects.length).toBeGreaterThan(20);
  });
});
