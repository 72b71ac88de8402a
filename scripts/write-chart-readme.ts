// Writes the parameter tables of each chart's README.md (charts/taskmesh,
// charts/local-infra) from the `## @param` comments in its values.yaml
// (Bitnami's convention), with each default read from the values themselves.
// `npm run docs:chart`; a deployment test fails when a README is behind its values.yaml.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const chartDirs = ['taskmesh', 'local-infra'].map((name) => path.resolve(__dirname, '../charts', name));
const BEGIN = '<!-- parameters:begin (npm run docs:chart) -->';
const END = '<!-- parameters:end -->';

export function parameterTables(valuesText: string): string {
  const values = parse(valuesText) as Record<string, unknown>;
  const lookup = (dotted: string) =>
    dotted.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], values);
  const out: string[] = [];
  for (const line of valuesText.split('\n')) {
    const section = /^## @section (.+)$/.exec(line);
    if (section) {
      out.push('', `### ${section[1]}`, '', '| Name | Description | Default |', '| ---- | ----------- | ------- |');
      continue;
    }
    const param = /^## @param (\S+) (.+)$/.exec(line);
    if (param) {
      const value = JSON.stringify(lookup(param[1] as string) ?? null);
      out.push(`| \`${param[1]}\` | ${param[2]} | \`${value.replaceAll('|', '\\|')}\` |`);
    }
  }
  return `${out.join('\n').trim()}\n`;
}

export function renderedReadme(chartDir: string): { current: string; wanted: string; file: string } {
  const file = path.join(chartDir, 'README.md');
  const current = readFileSync(file, 'utf8');
  const tables = parameterTables(readFileSync(path.join(chartDir, 'values.yaml'), 'utf8'));
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (start < 0 || end < 0) throw new Error(`${file} lacks the ${BEGIN} / ${END} markers`);
  const wanted = `${current.slice(0, start + BEGIN.length)}\n\n${tables}\n${current.slice(end)}`;
  return { current, wanted, file };
}

if (require.main === module) {
  for (const chartDir of chartDirs) {
    const { wanted, file } = renderedReadme(chartDir);
    writeFileSync(file, wanted);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
