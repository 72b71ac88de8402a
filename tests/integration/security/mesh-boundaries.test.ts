import { randomUUID } from 'node:crypto';
import { AppId, DbSchema, databaseRoleOf, Secret, secretsOf, Topic } from '@taskmesh/contracts';
import { createPrismaClient } from '@taskmesh/db';
import { httpRequest, invoke, localSecret, sidecarPort, signUp } from '@taskmesh/testing';

// Issue 15: what one app in the mesh, or any process on the machine, can no
// longer do. Each check names the boundary that holds it.

const sidecar = (appId: string) => `http://127.0.0.1:${sidecarPort(appId)}/v1.0`;

describe('the Dapr API token on every sidecar', () => {
  it.each(['tasks-api', 'recurrence-agent', 'web'])(
    "refuses a local process without %s's token, whatever headers it sends",
    async (appId) => {
      // Without the token, anyone on the machine could be recurrence-agent
      // (its sidecar invokes tasks-api's internal routes), or claim to be it.
      const forged = await httpRequest(`${sidecar(appId)}/invoke/tasks-api/method/internal/series-missing-next`, {
        headers: { 'dapr-api-token': 'guess', 'dapr-caller-app-id': AppId.recurrenceAgent },
      });
      expect(forged.status).toBe(401);
      const secret = await httpRequest(`${sidecar(appId)}/secrets/secretstore/${Secret.jwtPublicKey}`, {
        headers: { 'dapr-api-token': '' },
      });
      expect(secret.status).toBe(401);
    },
  );
});

describe('secret scopes: each app reads only its own secrets', () => {
  const readSecret = (appId: string, key: string) => httpRequest(`${sidecar(appId)}/secrets/secretstore/${key}`);

  it.each(Object.entries(secretsOf))('%s reads exactly its own secrets', async (appId, own) => {
    for (const key of Object.values(Secret)) {
      const response = await readSecret(appId, key);
      expect({ appId, key, allowed: response.status === 200 }).toEqual({ appId, key, allowed: own.includes(key) });
    }
  });
});

describe('access control: who may invoke what, by mTLS identity', () => {
  it('lets web call the public APIs but not internal, event or binding routes', async () => {
    expect((await invoke('tasks-api', 'push/vapid-public-key')).status).toBe(200);
    const refused: Array<[string, string, string]> = [
      [AppId.tasksApi, 'internal/series-missing-next', 'GET'],
      [AppId.auditAgent, `events/${Topic.taskEvents}`, 'POST'],
      [AppId.realtimeSync, `events/${Topic.taskUpdates}`, 'POST'],
      [AppId.reminderAgent, `events/${Topic.reminders}`, 'POST'],
      [AppId.recurrenceAgent, 'recurrence-sweep', 'POST'],
      [AppId.reminderAgent, 'stats', 'GET'],
      [AppId.webhookAgent, `events/${Topic.taskEvents}`, 'POST'],
      [AppId.webhookAgent, 'webhook-sweep', 'POST'],
    ];
    for (const [appId, path, method] of refused) {
      const response = await invoke(appId, path, { method, body: method === 'POST' ? { entries: [] } : undefined });
      expect({ appId, path, status: response.status }).toEqual({ appId, path, status: 403 });
    }
  });

  it('lets audit-agent ask tasks-api about one membership and nothing else (issue 19)', async () => {
    const user = await signUp();
    const inbox = (await user.api.get('projects')).body.items.find((p: { isInbox: boolean }) => p.isInbox);
    const asAuditAgent = (path: string) => httpRequest(`${sidecar(AppId.auditAgent)}/invoke/tasks-api/method/${path}`);
    const member = await asAuditAgent(`internal/memberships/${user.id}/projects/${inbox.id}`);
    expect({ status: member.status, body: member.body }).toEqual({ status: 200, body: { role: 'owner' } });
    expect((await asAuditAgent(`internal/memberships/${user.id}/projects/${randomUUID()}`)).status).toBe(404);
    // realtime-sync's list of someone's projects is refused by tasks-api; other internal routes by access control.
    expect((await asAuditAgent(`internal/memberships/${user.id}`)).status).toBe(403);
    expect((await asAuditAgent('internal/series-missing-next')).status).toBe(403);
    // web (and so any user) may not ask at all.
    expect((await invoke('tasks-api', `internal/memberships/${user.id}/projects/${inbox.id}`)).status).toBe(403);
  });
});

describe('database roles: each service reaches only its own schema', () => {
  const asRole = (secret: string) => createPrismaClient(localSecret(secret), { poolSize: 1 });
  // One table of each owner's schema (issue 16: a schema per owning service).
  const tableIn: Record<DbSchema, string> = {
    [DbSchema.tasksApi]: 'tasks_api.tasks',
    [DbSchema.auditAgent]: 'audit_agent.audit_entries',
    [DbSchema.reminderAgent]: 'reminder_agent.notifications',
    [DbSchema.webhookAgent]: 'webhook_agent.webhooks',
  };
  const schemas = Object.keys(tableIn) as DbSchema[];

  it.each(schemas)("%s's role reads its own schema, not another's, not public, and creates nothing", async (own) => {
    const db = asRole(databaseRoleOf[own].secret);
    try {
      await expect(db.$queryRawUnsafe(`SELECT count(*) FROM ${tableIn[own]}`)).resolves.toBeDefined();
      for (const other of schemas.filter((schema) => schema !== own))
        await expect(db.$queryRawUnsafe(`SELECT count(*) FROM ${tableIn[other]}`)).rejects.toThrow(
          new RegExp(`permission denied for schema ${other}`),
        );
      await expect(db.$queryRawUnsafe('SELECT count(*) FROM public._prisma_migrations')).rejects.toThrow(
        /permission denied for schema public/,
      );
      for (const schema of [own, 'public'])
        await expect(db.$executeRawUnsafe(`CREATE TABLE ${schema}.intruder (id int)`)).rejects.toThrow(
          /permission denied/,
        );
    } finally {
      await db.$disconnect();
    }
  });
});
