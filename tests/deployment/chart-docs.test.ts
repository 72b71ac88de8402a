import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@taskmesh/testing';
import { parse } from 'yaml';
import { renderedReadme } from '../../scripts/write-chart-readme';

const valuesText = readFileSync(path.join(repoRoot, 'charts/taskmesh/values.yaml'), 'utf8');

/** Dotted paths of every value, stopping at maps meant as free-form (env, resources, ...). */
function paths(node: unknown, prefix: string): string[] {
  if (!node || typeof node !== 'object' || Array.isArray(node) || Object.keys(node).length === 0) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => paths(value, prefix ? `${prefix}.${key}` : key));
}

describe('chart documentation', () => {
  it('documents every value with a ## @param line', () => {
    const documented = [...valuesText.matchAll(/^## @param (\S+)/gm)].map((m) => m[1] as string);
    const undocumented = paths(parse(valuesText), '').filter(
      (p) => !documented.some((d) => p === d || p.startsWith(`${d}.`)),
    );
    expect(undocumented).toEqual([]);
  });

  it('has a README whose parameter tables match values.yaml (npm run docs:chart)', () => {
    const { current, wanted } = renderedReadme();
    expect(current).toBe(wanted);
  });
});
