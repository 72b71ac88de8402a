import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, taskmeshHome } from '@taskmesh/testing';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from './api-schemas';

/** helm, built from Go modules by infra/setup.sh, and the chart it renders. */
export const helm = path.join(taskmeshHome(), 'bin', 'helm');
export const chart = path.join(repoRoot, 'charts/taskmesh');
export const kubeVersion = /^KUBERNETES_VERSION=(\S+)$/m.exec(
  readFileSync(path.join(repoRoot, 'infra/versions.env'), 'utf8'),
)?.[1] as string;
export const namespace = 'taskmesh';

/** The value sets npm test renders the chart with: the defaults and production-like ones. */
export const valueSets: Record<'default' | 'production', string[]> = {
  default: [],
  production: ['-f', path.join(chart, 'ci/production-values.yaml')],
};

/** The one-node cluster (issue 18): charts/local-infra in its own namespace, then the chart with these values. */
export const localInfraChart = path.join(repoRoot, 'charts/local-infra');
export const localInfraNamespace = 'taskmesh-infra';
export const clusterValues = path.join(repoRoot, 'infra/cluster/taskmesh-values.yaml');
export const localInfraValues = path.join(repoRoot, 'infra/cluster/local-infra-values.yaml');

export interface ClusterSecrets {
  dir: string;
  /** helm arguments of each chart on the cluster, with the secrets written into `dir`. */
  localInfraArgs: string[];
  taskmeshArgs: string[];
  remove(): void;
}

/** Runs infra/cluster/secrets-values.mjs into `dir`, as the cluster's scripts do into its state directory. */
export function runSecretsValues(dir: string): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'infra/cluster/secrets-values.mjs'), dir], {
    env: { ...process.env, LOCAL_INFRA_NAMESPACE: localInfraNamespace },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The cluster's secrets values, written into a fresh temporary directory. */
export function writeClusterSecrets(): ClusterSecrets {
  const dir = mkdtempSync(path.join(tmpdir(), 'taskmesh-cluster-secrets-'));
  runSecretsValues(dir);
  return {
    dir,
    localInfraArgs: ['-f', localInfraValues, '-f', path.join(dir, 'local-infra-secrets.yaml')],
    taskmeshArgs: ['-f', clusterValues, '-f', path.join(dir, 'taskmesh-secrets.yaml')],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function render(
  args: string[],
  { chartDir = chart, release = 'tm', ns = namespace }: { chartDir?: string; release?: string; ns?: string } = {},
): KubernetesObject[] {
  const out = execFileSync(
    helm,
    ['template', release, chartDir, '--namespace', ns, '--kube-version', kubeVersion, ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as KubernetesObject | null)
    .filter((o): o is KubernetesObject => o !== null);
}

/** charts/local-infra as the cluster installs it (release local-infra in its namespace). */
export const renderLocalInfra = (args: string[]) =>
  render(args, { chartDir: localInfraChart, release: 'local-infra', ns: localInfraNamespace });
