import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '@taskmesh/testing';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from './api-schemas';
import { helm, kubeVersion } from './chart';

/**
 * Dapr's own Helm chart at DAPR_RUNTIME_VERSION (from the github.com/dapr/dapr
 * Go module, infra/cluster/dapr-chart.sh) with the one-node cluster's values
 * (infra/cluster/dapr-values.yaml, issue 18).
 */
export const daprNamespace = 'dapr-system';
export const daprValues = path.join(repoRoot, 'infra/cluster/dapr-values.yaml');

/** The chart's directory, copied out of the Go module cache on first use. */
export function daprChart(): string {
  return execFileSync('bash', [path.join(repoRoot, 'infra/cluster/dapr-chart.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** The cluster's values as they are, and with what they turn off turned on. */
export const daprValueSets: Record<'cluster' | 'actors and scheduler', string[]> = {
  cluster: [],
  'actors and scheduler': ['--set', 'global.actors.enabled=true', '--set', 'global.scheduler.enabled=true'],
};

export function renderDapr(chartDir: string, args: string[]): KubernetesObject[] {
  const out = execFileSync(
    helm,
    [
      'template',
      'dapr',
      chartDir,
      '--namespace',
      daprNamespace,
      '--kube-version',
      kubeVersion,
      '-f',
      daprValues,
      ...args,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as KubernetesObject | null)
    .filter((o): o is KubernetesObject => o !== null);
}

export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value?: string }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
}

export interface Workload {
  object: KubernetesObject;
  replicas: number | undefined;
  containers: Container[];
  volumes: Array<Record<string, unknown>>;
  volumeClaimTemplates: unknown[];
}

/** Deployments and StatefulSets with their pod templates' containers. */
export function workloads(objects: KubernetesObject[]): Workload[] {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map((object) => {
      const spec = object.spec as {
        replicas?: number;
        volumeClaimTemplates?: unknown[];
        template: {
          spec: { containers: Container[]; initContainers?: Container[]; volumes?: Array<Record<string, unknown>> };
        };
      };
      return {
        object,
        replicas: spec.replicas,
        containers: [...(spec.template.spec.initContainers ?? []), ...spec.template.spec.containers],
        volumes: spec.template.spec.volumes ?? [],
        volumeClaimTemplates: spec.volumeClaimTemplates ?? [],
      };
    });
}

/** The sidecar injector's settings for the daprd containers it adds (its environment). */
export function sidecarSettings(objects: KubernetesObject[]): Record<string, string> {
  const injector = workloads(objects).find((w) => w.object.metadata.name === 'dapr-sidecar-injector');
  if (!injector) throw new Error('the chart rendered no dapr-sidecar-injector');
  const env = injector.containers[0]?.env ?? [];
  return Object.fromEntries(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string]));
}

/**
 * Every image a cluster with these objects runs, with the command it runs in
 * it: the control plane's containers, and the daprd sidecar that the injector
 * adds to app pods (command /daprd, pkg/injector/patcher in dapr's module).
 */
export function daprImages(objects: KubernetesObject[]): Map<string, string> {
  const images = new Map<string, string>();
  for (const { containers } of workloads(objects))
    for (const c of containers) images.set(c.image, c.command?.[0] ?? '');
  images.set(sidecarSettings(objects).SIDECAR_IMAGE as string, '/daprd');
  return images;
}
