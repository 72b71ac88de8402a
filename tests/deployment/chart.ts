import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

export function render(args: string[]): KubernetesObject[] {
  const out = execFileSync(
    helm,
    ['template', 'tm', chart, '--namespace', namespace, '--kube-version', kubeVersion, ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as KubernetesObject | null)
    .filter((o): o is KubernetesObject => o !== null);
}
