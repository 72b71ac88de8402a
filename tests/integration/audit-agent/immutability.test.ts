import { createPrismaClient } from '@taskmesh/db';
import { createTask, localSecret, signUp, testDatabase, waitFor } from '@taskmesh/testing';

// The audit log cannot be changed, even by someone with database access:
// audit-agent's role has no UPDATE/DELETE/TRUNCATE rights, and a trigger
// refuses them to everyone else, the table's owner included.

const owner = testDatabase();
const auditRole = createPrismaClient(localSecret('audit-database-url'), { poolSize: 1 });
afterAll(async () => {
  await owner.$disconnect();
  await auditRole.$disconnect();
});

describe('the audit log is immutable in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE to audit-agent’s role and to the owner, and changes nothing', async () => {
    const user = await signUp();
    const task = await createTask(user, { title: 'audited' });
    const entry = await waitFor(
      'the audit row',
      async () => (await owner.auditEntry.findFirst({ where: { taskId: task.id } })) ?? undefined,
    );

    const attempts = {
      update: (db: typeof owner) =>
        db.$executeRaw`UPDATE audit_agent.audit_entries SET actor_id = 'mallory' WHERE id = ${entry.id}`,
      delete: (db: typeof owner) => db.$executeRaw`DELETE FROM audit_agent.audit_entries WHERE id = ${entry.id}`,
      truncate: (db: typeof owner) => db.$executeRawUnsafe('TRUNCATE audit_agent.audit_entries'),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      await expect(attempt(auditRole)).rejects.toThrow(/permission denied/);
      await expect(attempt(owner)).rejects.toThrow(/append-only/);
      expect(name).toBeTruthy();
    }
    expect(await owner.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);

    // What the role may do: read and append.
    expect(await auditRole.auditEntry.count({ where: { id: entry.id } })).toBe(1);
  });
});
