import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type AppId, allAppIds, DbSchema, readsByContract, schemaOwnedBy } from '@taskmesh/contracts';
import { type Access, accessesIn, parsePrismaSchema, readSource, sourceFiles } from './data-access';

// Issue 16: data ownership enforced, not commented. Each service that keeps
// data owns one PostgreSQL schema (packages/contracts/src/data-ownership.ts);
// which table lives where is said by `@@schema` in prisma/schema.prisma. A
// service's code may touch only its own schema's tables and types (plus what
// it reads by contract), and its raw SQL names them with their schema, since
// no role has a search path into its schema. The database refuses the rest
// too (each role has USAGE on its own schema only); this test says so at
// review time, before anything runs.

const root = path.resolve(__dirname, '../..');
const objects = parsePrismaSchema(readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8'));
const folderOf = (appId: AppId) => (appId === 'web' ? 'web' : `services/${appId}`);
const accessesOf = (appId: AppId): Access[] =>
  sourceFiles(root, folderOf(appId)).flatMap((file) => accessesIn(file, readSource(root, file), objects));

/** What an app's code touches that it does not own or read by contract, as readable lines. */
function violations(appId: AppId, accesses: readonly Access[]): string[] {
  const allowed = new Set<string>([schemaOwnedBy[appId] ?? '', ...(readsByContract[appId] ?? [])].filter(Boolean));
  return accesses
    .filter((access) => !allowed.has(access.schema))
    .map((access) =>
      access.schema === ''
        ? `${access.file}:${access.line} names ${access.what}`
        : `${access.file}:${access.line} touches ${access.what} (${access.schema} is not ${appId}'s)`,
    );
}

describe('data ownership', () => {
  it('puts every model and enum in one of the owners’ schemas, and lists exactly those schemas', () => {
    const declared = /schemas\s*=\s*\[([^\]]*)\]/.exec(readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8'));
    const listed = [...(declared?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.values(DbSchema).sort());
    expect(objects.length).toBeGreaterThan(20);
    expect(objects.filter((object) => !listed.includes(object.schema)).map((object) => object.name)).toEqual([]);
    // Each schema belongs to exactly one app.
    const owners = Object.values(DbSchema).map((schema) => allAppIds.filter((app) => schemaOwnedBy[app] === schema));
    expect(owners.map((apps) => apps.length)).toEqual(Object.values(DbSchema).map(() => 1));
  });

  it.each(allAppIds)("%s's code touches only its own schema's tables, each named with its schema", (appId) => {
    expect(violations(appId, accessesOf(appId))).toEqual([]);
  });

  it('sees what each data-owning service touches (so the check above is not vacuous)', () => {
    const seen = (appId: AppId) => new Set(accessesOf(appId).map((access) => access.what));
    expect([...seen('tasks-api')]).toEqual(
      expect.arrayContaining(['model Task', 'model User', 'tasks_api.tasks', 'tasks_api.outbox_events']),
    );
    expect([...seen('audit-agent')]).toEqual(
      expect.arrayContaining(['audit_agent.audit_entries', 'audit_agent.audit_outbox_events']),
    );
    expect([...seen('reminder-agent')]).toEqual(
      expect.arrayContaining(['model Notification', 'reminder_agent.reminder_agent_deliveries']),
    );
  });

  it('flags another owner’s model, another owner’s table, and a table or type named without its schema', () => {
    const source = [
      'await prisma.notification.findMany({ where: { userId } });',
      'await tx.task',
      '  .update({ where: { id } });',
      'await db.$queryRaw`SELECT * FROM reminder_agent.notifications`;',
      'await db.$executeRawUnsafe(`DELETE FROM auth_throttles WHERE rule = $1`, rule);',
      'await db.$executeRaw`UPDATE tasks_api.tasks SET priority = $1::"TaskPriority"`;',
    ].join('\n');
    expect(violations('tasks-api', accessesIn('example.ts', source, objects))).toEqual([
      "example.ts:1 touches model Notification (reminder_agent is not tasks-api's)",
      "example.ts:4 touches reminder_agent.notifications (reminder_agent is not tasks-api's)",
      'example.ts:5 names table auth_throttles without its schema',
      'example.ts:6 names type TaskPriority without its schema',
    ]);
    // An app without a schema may touch nothing at all.
    expect(violations('recurrence-agent', accessesIn('example.ts', source, objects))).toEqual([
      "example.ts:1 touches model Notification (reminder_agent is not recurrence-agent's)",
      "example.ts:2 touches model Task (tasks_api is not recurrence-agent's)",
      "example.ts:4 touches reminder_agent.notifications (reminder_agent is not recurrence-agent's)",
      "example.ts:6 touches tasks_api.tasks (tasks_api is not recurrence-agent's)",
      'example.ts:5 names table auth_throttles without its schema',
      'example.ts:6 names type TaskPriority without its schema',
    ]);
  });
});
