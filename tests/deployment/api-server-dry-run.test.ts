import { readFileSync } from 'node:fs';
import path from 'node:path';
import { taskmeshHome } from '@taskmesh/testing';
import type { KubernetesObject } from './api-schemas';
import { type ApiServer, startApiServer } from './api-server';
import {
  type ClusterSecrets,
  localInfraNamespace,
  namespace,
  render,
  renderLocalInfra,
  valueSets,
  writeClusterSecrets,
} from './chart';

// The strongest check short of a cluster: a real kube-apiserver (with etcd),
// the Dapr and Prometheus Operator CRDs installed, and every object of the
// chart sent through it with a server-side dry run and strict field
// validation: defaulting, validation and admission run, nothing is stored.
const crdDirs = (
  JSON.parse(readFileSync(path.join(taskmeshHome(), 'api-schemas.json'), 'utf8')) as { crdDirs: string[] }
).crdDirs;

describe('the chart against a real kube-apiserver (server-side dry run)', () => {
  let api: ApiServer;
  let clusterSecrets: ClusterSecrets;

  beforeAll(async () => {
    clusterSecrets = writeClusterSecrets();
    api = await startApiServer();
    for (const dir of crdDirs) await api.applyCrds(dir);
    for (const name of [namespace, localInfraNamespace]) await api.createNamespace(name);
  }, 180_000);

  afterAll(() => {
    api?.stop();
    clusterSecrets?.remove();
  });

  it.each(Object.entries(valueSets))('accepts every object rendered with the %s values', async (_name, args) => {
    const objects = render(args);
    expect(await api.refused(objects, namespace)).toEqual([]);
    expect(objects.length).toBeGreaterThan(30);
  });

  it('accepts every object of the one-node cluster: charts/local-infra, then the chart with infra/cluster/ values and secrets', async () => {
    const infra = renderLocalInfra(clusterSecrets.localInfraArgs);
    expect(await api.refused(infra, localInfraNamespace)).toEqual([]);
    expect(infra.filter((o) => o.kind === 'Deployment')).toHaveLength(4);
    // A dry run allocates no node port, so it does not check their range (local-cluster.test.ts does).
    const objects = render(clusterSecrets.taskmeshArgs);
    expect(await api.refused(objects, namespace)).toEqual([]);
    expect(
      objects.filter((o) => o.kind === 'Service' && (o.spec as { type?: string }).type === 'NodePort'),
    ).toHaveLength(3);
  });

  it('refuses an unknown field and an invalid value, so acceptance means something', async () => {
    const [deployment] = render(valueSets.default).filter((o) => o.kind === 'Deployment') as KubernetesObject[];
    const typo = structuredClone(deployment) as KubernetesObject & { spec: Record<string, unknown> };
    typo.spec.replica = 2;
    const refusedTypo = await api.dryRun(typo, namespace);
    expect(refusedTypo.status).toBe(400);
    expect(refusedTypo.message).toMatch(/unknown field "spec.replica"/);
    const invalid = structuredClone(deployment) as KubernetesObject & { spec: Record<string, unknown> };
    invalid.metadata.name = 'Not_A_DNS_Name';
    expect((await api.dryRun(invalid, namespace)).status).toBe(422);
    const component = render(valueSets.default).find((o) => o.kind === 'Component') as KubernetesObject & {
      spec: Record<string, unknown>;
    };
    component.spec.metadata = 'not-a-list';
    expect((await api.dryRun(component, namespace)).status).toBe(422);
  });
});
