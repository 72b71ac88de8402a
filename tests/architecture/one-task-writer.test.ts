import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as contracts from '@taskmesh/contracts';

// Issue 16: one task writer. Every change to a task goes through the task rules
// (decide) and one writer that stores the new version and records its events;
// no use case writes the tasks table, bumps a version or spells an event type
// on its own. tasks-api's sources are read as text: a new bypass fails here.

const root = path.resolve(__dirname, '../..');
const src = path.join(root, 'services/tasks-api/src');
const writer = 'domain/tasks/task-writer.ts';
const rules = 'domain/tasks/task-rules.ts';
const publisher = 'domain/tasks/task-events.ts';

function sources(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) return [];
    return [{ file: path.relative(src, full).split(path.sep).join('/'), text: readFileSync(full, 'utf8') }];
  });
}

const files = sources(src);
const offenders = (pattern: RegExp, allowed: string[]) =>
  files.filter(({ file, text }) => !allowed.includes(file) && pattern.test(text)).map(({ file }) => file);

/** Every event type the contracts name (TaskCreatedType, ReminderScheduledType, ...). */
const eventTypes = Object.entries(contracts)
  .filter(([name, value]) => name.endsWith('Type') && typeof value === 'string')
  .map(([, value]) => value as string);

describe('one task writer (issue 16)', () => {
  it('reads tasks-api sources, and the writer exists', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.map(({ file }) => file)).toEqual(expect.arrayContaining([writer, rules, publisher]));
    expect(eventTypes).toEqual(expect.arrayContaining(['task.created', 'task.updated', 'reminder.scheduled']));
  });

  it('writes the tasks table only in the task writer', () => {
    // Prisma's task delegate, in any transaction or client variable.
    const prismaWrite =
      /\.task\s*\.\s*(create|createMany|createManyAndReturn|update|updateMany|upsert|delete|deleteMany)\s*\(/;
    // Raw SQL, with or without a schema name or quotes.
    const rawWrite = /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+("?\w+"?\.)?"?tasks"?[\s(]/i;
    expect({
      prisma: offenders(prismaWrite, [writer]),
      sql: offenders(rawWrite, [writer]),
    }).toEqual({ prisma: [], sql: [] });
  });

  it('records task events only from the task writer', () => {
    expect(offenders(/\brecordTaskChanges?\s*\(/, [writer, publisher])).toEqual([]);
  });

  it('bumps a version only in the task rules (and a project version only in the project writer)', () => {
    const projectWriter = 'domain/projects/project-writer.ts';
    expect(
      offenders(/\bversion\s*:\s*[\w.]+\s*\+\s*1\b|\bversion\s*:\s*\{\s*increment/, [rules, projectWriter]),
    ).toEqual([]);
  });

  it('spells no event type: every one comes from the contracts constants', () => {
    const literal = new RegExp(`(['"\`])(${eventTypes.map((type) => type.replace(/[.-]/g, '\\$&')).join('|')})\\1`);
    expect(offenders(literal, [])).toEqual([]);
  });
});
