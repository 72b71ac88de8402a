import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'prisma/config';

// `npm run db:generate`: generates the run-time client with Prisma 7's CLI
// (packages/db's own devDependency), while migrations stay on the 6.19.3 CLI
// and the root prisma.config.ts (docs/decisions/001, "Revisited (issue 21)").
//
// One schema serves both CLIs. 6.19.3 needs `url = env("DATABASE_URL")` in the
// datasource (without it, it downloads the native query engine); 7 rejects
// that line (P1012). So 7 generates from a copy without it, written to a
// temporary folder, with the generator's `output` made absolute because the
// copy no longer sits next to packages/db.
const repoRoot = path.resolve(__dirname, '../..');
const schemaPath = path.join(repoRoot, 'prisma/schema.prisma');
const schema = readFileSync(schemaPath, 'utf8');
const urlLine = /^\s*url\s*=\s*env\("DATABASE_URL"\)\s*$/m;
const outputLine = /^(\s*output\s*=\s*)"([^"]+)"\s*$/m;
const outputMatch = schema.match(outputLine);
if (!urlLine.test(schema) || !outputMatch?.[2]) {
  throw new Error(`${schemaPath}: expected a datasource url = env("DATABASE_URL") line and a generator output line`);
}
const output = path.resolve(path.dirname(schemaPath), outputMatch[2]);
const copyDir = mkdtempSync(path.join(tmpdir(), 'taskmesh-prisma-generate-'));
process.on('exit', () => rmSync(copyDir, { recursive: true, force: true }));
const copyPath = path.join(copyDir, 'schema.prisma');
writeFileSync(
  copyPath,
  schema.replace(urlLine, '').replace(outputLine, (_line, head: string) => `${head}${JSON.stringify(output)}`),
);

// Prisma 7's CLI downloads its native schema engine before any command, though
// generate never starts it; pointing the variable at any existing file skips the
// download, which cannot succeed here (../shared/notes/environment.md).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

export default defineConfig({ schema: copyPath });
