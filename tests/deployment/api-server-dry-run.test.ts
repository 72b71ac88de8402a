import { readFileSync } from 'node:fs';
import path from 'node:path';
import { taskmeshHome } from '@taskmesh/testing';
import type { KubernetesObject } from './api-schemas';
import { type ApiServer, startApiServer } from './api-server';
import { namespace, render, valueSets } from './chart';

// The strongest check short of a cluster: a real kube-apiserver (with etcd),
// the Dapr and Prometheus Operator CRDs installed, and every object of the
// chart sent through it with a server-side dry run and strict field
// validation: defaulting, validation and admission run, nothing is stored.
const crdDirs = (
  JSON.parse(readFileSync(path.join(taskmeshHome(), 'api-schemas.json'), 'utf8')) as { crdDirs: string[] }
).crdDirs;

describe('the chart against a real kube-apiserver (server-side dry run)', () => {
  let api: ApiServer;

  beforeAll(async () => {
    api = await startApiServer();
    for (const dir of crdDirs) await api.applyCrds(dir);
    await api.createNamespace(namespace);
  }, 180_000);

  afterAll(() => api?.stop());

  it.each(Object.entries(valueSets))('accepts every object rendered with the %s values', async (_name, args) => {
    const objects = render(args);
    expect(await api.refused(objects, namespace)).toEqual([]);
    expect(objects.length).toBeGreaterThan(30);
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
