import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { chartDirs, renderedReadme } from '../../scripts/write-chart-readme';

/** Dotted paths of every value, stopping at maps meant as free-form (env, resources, ...). */
function paths(node: unknown, prefix: string): string[] {
  if (!node || typeof node !== 'object' || Array.isArray(node) || Object.keys(node).length === 0) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => paths(value, prefix ? `${prefix}.${key}` : key));
}

describe.each(chartDirs.map((dir) => [path.basename(dir), dir]))('chart documentation of %s', (_name, chartDir) => {
  it('documents every value with a ## @param line', () => {
    const valuesText = readFileSync(path.join(chartDir, 'values.yaml'), 'utf8');
    const documented = [...valuesText.matchAll(/^## @param (\S+)/gm)].map((m) => m[1] as string);
    const undocumented = paths(parse(valuesText), '').filter(
      (p) => !documented.some((d) => p === d || p.startsWith(`${d}.`)),
    );
    expect(undocumented).toEqual([]);
  });

  it('has a README whose parameter tables match values.yaml (npm run docs:chart)', () => {
    const { current, wanted } = renderedReadme(chartDir);
    expect(current).toBe(wanted);
  });
});
