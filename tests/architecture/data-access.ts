import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// What a service's code touches in the database, read from its source (issue
// 16): Prisma model accessors (`prisma.task.findMany`, `tx.user.update`) and
// the tables and enum types its raw SQL names. data-ownership.test.ts compares
// this with the schema each model lives in (`@@schema` in prisma/schema.prisma).

export interface DbObject {
  /** Prisma model or enum name. */
  name: string;
  /** The table (`@@map`) or enum type name in the database. */
  sqlName: string;
  kind: 'model' | 'enum';
  schema: string;
}

/** Every model and enum of a Prisma schema, with its database schema and SQL name. */
export function parsePrismaSchema(text: string): DbObject[] {
  const objects: DbObject[] = [];
  for (const match of text.matchAll(/^(model|enum)\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const [, kind, name, body] = match as unknown as [string, 'model' | 'enum', string, string];
    const schema = /@@schema\("([^"]+)"\)/.exec(body)?.[1] ?? '';
    const sqlName = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? name;
    objects.push({ name, sqlName, kind, schema });
  }
  return objects;
}

export interface Access {
  file: string;
  line: number;
  /** The schema reached, or '' when the SQL names a table without its schema. */
  schema: string;
  what: string;
}

const modelMethods =
  'findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findMany|create|createMany|createManyAndReturn|' +
  'update|updateMany|updateManyAndReturn|upsert|delete|deleteMany|count|aggregate|groupBy';

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** The database objects one source file touches. */
export function accessesIn(file: string, text: string, objects: readonly DbObject[]): Access[] {
  const accesses: Access[] = [];
  const schemas = [...new Set(objects.map((object) => object.schema).filter(Boolean))];
  const models = new Map(
    objects.filter((o) => o.kind === 'model').map((o) => [o.name[0]?.toLowerCase() + o.name.slice(1), o]),
  );
  // prisma.<model>.<method>, also split over lines (`tx.task\n  .update(...)`).
  for (const match of text.matchAll(new RegExp(`\\.\\s*(\\w+)\\s*\\.\\s*(?:${modelMethods})\\s*[(<]`, 'g'))) {
    const model = models.get(match[1] as string);
    if (model)
      accesses.push({ file, line: lineOf(text, match.index), schema: model.schema, what: `model ${model.name}` });
  }
  // Raw SQL: anything named inside a schema (`tasks_api.tasks`, `tasks_api."TaskPriority"`).
  if (schemas.length > 0) {
    const qualified = new RegExp(`(?<![\\w.])"?(${schemas.join('|')})"?\\s*\\.\\s*"?(\\w+)`, 'g');
    for (const match of text.matchAll(qualified))
      accesses.push({
        file,
        line: lineOf(text, match.index),
        schema: match[1] as string,
        what: `${match[1]}.${match[2]}`,
      });
  }
  // Raw SQL naming a known table or enum type without its schema: it would
  // resolve through the search path, which no service role has into its schema.
  const tables = objects.filter((o) => o.kind === 'model').map((o) => o.sqlName);
  const unqualifiedTable = new RegExp(
    `\\b(?:FROM|INTO|UPDATE|JOIN|TABLE)\\s+"?(${tables.join('|')})\\b(?!"?\\s*\\.)`,
    'g',
  );
  for (const match of text.matchAll(unqualifiedTable))
    accesses.push({ file, line: lineOf(text, match.index), schema: '', what: `table ${match[1]} without its schema` });
  const enums = objects.filter((o) => o.kind === 'enum').map((o) => o.sqlName);
  for (const match of text.matchAll(new RegExp(`::\\s*"(${enums.join('|')})"`, 'g')))
    accesses.push({ file, line: lineOf(text, match.index), schema: '', what: `type ${match[1]} without its schema` });
  return accesses;
}

/** Source files of a folder (not tests, not generated code), relative to root. */
export function sourceFiles(root: string, dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', 'generated', 'build', 'public'].includes(entry.name)) walk(full);
      } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        files.push(path.relative(root, full));
      }
    }
  };
  walk(path.join(root, dir));
  return files;
}

export const readSource = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');
