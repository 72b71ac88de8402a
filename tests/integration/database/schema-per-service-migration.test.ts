import { DbSchema } from '@taskmesh/contracts';
import type { Client } from 'pg';
import { createScratchDatabase, migrationNames, type ScratchDatabase } from './scratch-database';

// Issue 16: the migration that moves every table into its owner's schema keeps
// what was stored before it. A database of its own (created and dropped here)
// gets the migrations before it, rows in every table in the old layout, then
// the rest; each service's role then reads its rows back through the Prisma
// client, and what hand-written SQL added (the audit trigger, the full-text
// column, partial indexes, sequences) still works.

const move = '20261202074500_schema_per_service';

const ids = {
  user: '00000000-0000-4000-8000-000000000001',
  task: '00000000-0000-4000-8000-000000000002',
  series: '00000000-0000-4000-8000-000000000003',
  reminder: '00000000-0000-4000-8000-000000000004',
  token: '00000000-0000-4000-8000-000000000005',
  push: '00000000-0000-4000-8000-000000000006',
  event: '00000000-0000-4000-8000-000000000007',
  notification: '00000000-0000-4000-8000-000000000008',
};

// One row in every table, written as the services wrote them before the move (public schema, unqualified).
const oldRows = `
  INSERT INTO users (id, email, password_hash, role, default_reminder_channels, email_verified_at, updated_at)
    VALUES ('${ids.user}', 'before@taskmesh.invalid', '!', 'admin', ARRAY['email', 'push']::"ReminderChannel"[], now(), now());
  INSERT INTO recurring_series (id, owner_id, rrule, time_zone, anchor, mode, updated_at)
    VALUES ('${ids.series}', '${ids.user}', 'FREQ=DAILY', 'Europe/Paris', '2026-01-31T09:00', 'afterCompletion', now());
  INSERT INTO tasks (id, owner_id, title, description, status, priority, tags, series_id, occurrence_index, updated_at)
    VALUES ('${ids.task}', '${ids.user}', 'Migrating schemas', 'keep every row', 'in_progress', 'urgent',
      ARRAY['db'], '${ids.series}', 0, now());
  INSERT INTO reminders (id, task_id, owner_id, "offset", direction, channels, updated_at)
    VALUES ('${ids.reminder}', '${ids.task}', '${ids.user}', 'PT15M', 'before', ARRAY['in_app']::"ReminderChannel"[], now());
  INSERT INTO reminder_delivery_reports (reminder_id, fire_at, channel, outcome, attempts, at, updated_at)
    VALUES ('${ids.reminder}', now(), 'email', 'failed', 3, now(), now());
  INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, updated_at)
    VALUES ('${ids.push}', '${ids.user}', 'https://push.example/1', 'k', 'a', now());
  INSERT INTO refresh_tokens (user_id, id, token_hash, family_id, expires_at, updated_at)
    VALUES ('${ids.user}', '${ids.token}', 'refresh-hash', '${ids.token}', now() + interval '1 day', now());
  INSERT INTO account_tokens (id, user_id, purpose, email, token_hash, expires_at, updated_at)
    VALUES ('${ids.token}', '${ids.user}', 'reset_password', 'before@taskmesh.invalid', 'account-hash', now(), now());
  INSERT INTO idempotency_keys (principal, key, request_hash, status, body, headers, updated_at)
    VALUES ('${ids.user}', 'k1', 'h', 201, '{}', '{}', now());
  INSERT INTO auth_throttles (rule, key_hash, hits, window_ends_at, updated_at) VALUES ('login', 'kh', 2, now(), now());
  INSERT INTO outbox_events (id, topic, partition_key, event_type, payload) VALUES ('${ids.event}', 'task-events', 't', 'task.created', '{}');
  INSERT INTO audit_entries (event_id, event_type, source, task_id, owner_id, actor_id, task_version, occurred_at)
    VALUES ('${ids.event}', 'task.created', 'tasks-api', '${ids.task}', '${ids.user}', '${ids.user}', 1, now());
  INSERT INTO audit_outbox_events (id, topic, partition_key, event_type, payload) VALUES ('${ids.event}', 'audit-logs', 't', 'audit', '{}');
  INSERT INTO reminder_agent_schedule (reminder_id, task_id, user_id, revision, fire_at, channels, task_title,
      recipient_email, recipient_zone, updated_at)
    VALUES ('${ids.reminder}', '${ids.task}', '${ids.user}', 2, now(), ARRAY['email'], 'Migrating schemas',
      'before@taskmesh.invalid', 'UTC', now());
  INSERT INTO reminder_agent_deliveries (reminder_id, fire_at, channel, status, next_attempt_at, updated_at)
    VALUES ('${ids.reminder}', now(), 'email', 'sending', now(), now());
  INSERT INTO reminder_agent_account_emails (id, user_id, kind, recipient, expires_at, status, next_attempt_at, updated_at)
    VALUES ('${ids.token}', '${ids.user}', 'reset-password', 'before@taskmesh.invalid', now(), 'failed', now(), now());
  INSERT INTO reminder_agent_verified_emails (user_id, email, verified_at, updated_at)
    VALUES ('${ids.user}', 'before@taskmesh.invalid', now(), now());
  INSERT INTO reminder_agent_push_subscriptions (id, user_id, endpoint, p256dh, auth, updated_at)
    VALUES ('${ids.push}', '${ids.user}', 'https://push.example/1', 'k', 'a', now());
  INSERT INTO notifications (id, user_id, task_id, reminder_id, fire_at, title, body, url, updated_at)
    VALUES ('${ids.notification}', '${ids.user}', '${ids.task}', '${ids.reminder}', now(), 'Due', 'soon', '/tasks', now());
  INSERT INTO reminder_agent_outbox_events (id, topic, partition_key, event_type, payload) VALUES ('${ids.event}', 'reminders', 't', 'x', '{}');
`;

let scratch: ScratchDatabase;
let admin: Client;
const as = (schema: DbSchema) => scratch.as(schema);
const indexNames = async (schemas: string[]) =>
  (
    await admin.query<{ name: string }>(
      'SELECT indexname AS name FROM pg_indexes WHERE schemaname = ANY($1) ORDER BY indexname',
      [schemas],
    )
  ).rows.map((row) => row.name);
let indexesBefore: string[] = [];
let indexesAfterMove: string[] = [];

beforeAll(async () => {
  scratch = await createScratchDatabase('migration_test');
  admin = scratch.admin;
  expect(migrationNames).toContain(move);
  await scratch.apply(migrationNames.filter((name) => name < move));
  await admin.query(oldRows);
  indexesBefore = await indexNames(['public']);
  await scratch.apply([move]);
  // Read before later migrations add indexes of their own (issue 19's did).
  indexesAfterMove = await indexNames(Object.values(DbSchema));
  await scratch.apply(migrationNames.filter((name) => name > move));
});

afterAll(async () => {
  await scratch?.drop();
});

describe('moving every table into its owner’s schema', () => {
  it('keeps tasks-api’s rows, enums and full-text search, readable by its role', async () => {
    const db = as(DbSchema.tasksApi);
    expect(await db.user.findUniqueOrThrow({ where: { id: ids.user } })).toMatchObject({
      role: 'admin',
      defaultReminderChannels: ['email', 'push'],
    });
    expect(await db.task.findUniqueOrThrow({ where: { id: ids.task } })).toMatchObject({
      status: 'in_progress',
      priority: 'urgent',
      tags: ['db'],
      seriesId: ids.series,
    });
    expect(await db.recurringSeries.findUniqueOrThrow({ where: { id: ids.series } })).toMatchObject({
      mode: 'afterCompletion',
    });
    expect(
      await db.reminder.findUniqueOrThrow({ where: { id: ids.reminder }, include: { deliveries: true } }),
    ).toMatchObject({ direction: 'before', channels: ['in_app'], deliveries: [{ outcome: 'failed', attempts: 3 }] });
    expect(await db.accountToken.findUniqueOrThrow({ where: { id: ids.token } })).toMatchObject({
      purpose: 'reset_password',
    });
    const counts = await Promise.all([
      db.pushSubscription.count(),
      db.refreshToken.count(),
      db.idempotencyKey.count(),
      db.authThrottle.count(),
      db.outboxEvent.count(),
    ]);
    expect(counts).toEqual([1, 1, 1, 1, 1]);

    // The generated tsvector column moved with its table and still follows the title.
    const search = (q: string) =>
      db.$queryRaw<Array<{ id: string }>>`
        SELECT id::text FROM tasks_api.tasks WHERE search @@ websearch_to_tsquery('english', ${q})`;
    expect(await search('migrating')).toEqual([{ id: ids.task }]);
    await db.task.update({ where: { id: ids.task }, data: { title: 'Renamed heading' } });
    expect(await search('heading')).toEqual([{ id: ids.task }]);
    // Its sequence moved too: the next outbox event follows the old one.
    await db.$executeRaw`INSERT INTO tasks_api.outbox_events (id, topic, partition_key, event_type, payload)
      VALUES (gen_random_uuid(), 'task-events', 't', 'task.updated', '{}')`;
    expect((await db.outboxEvent.findMany({ orderBy: { seq: 'asc' } })).map((event) => event.seq)).toEqual([1n, 2n]);
  });

  it('keeps the audit log append-only: its role reads and appends, nobody changes it', async () => {
    const db = as(DbSchema.auditAgent);
    expect(await db.auditEntry.findUniqueOrThrow({ where: { eventId: ids.event } })).toMatchObject({ id: 1n });
    expect(await db.auditOutboxEvent.count()).toBe(1);
    await db.$executeRaw`INSERT INTO audit_agent.audit_entries (event_id, event_type, source, task_id, owner_id,
      actor_id, task_version, occurred_at) VALUES ('after', 'task.updated', 'tasks-api', ${ids.task}::uuid,
      ${ids.user}::uuid, 'u', 2, now())`;
    expect(await db.auditEntry.findUniqueOrThrow({ where: { eventId: 'after' } })).toMatchObject({ id: 2n });
    await expect(db.$executeRaw`DELETE FROM audit_agent.audit_entries`).rejects.toThrow(/permission denied/);
    // The trigger and its function moved with the table: even the schema owner is refused.
    await expect(admin.query('UPDATE audit_agent.audit_entries SET actor_id = $1', ['mallory'])).rejects.toThrow(
      /append-only/,
    );
    await expect(admin.query('TRUNCATE audit_agent.audit_entries')).rejects.toThrow(/append-only/);
  });

  it('keeps reminder-agent’s rows, readable by its role', async () => {
    const db = as(DbSchema.reminderAgent);
    expect(await db.scheduledReminder.findUniqueOrThrow({ where: { reminderId: ids.reminder } })).toMatchObject({
      revision: 2,
      channels: ['email'],
    });
    expect(await db.reminderDelivery.findFirstOrThrow()).toMatchObject({ status: 'sending', channel: 'email' });
    expect(await db.reminderAgentAccountEmail.findUniqueOrThrow({ where: { id: ids.token } })).toMatchObject({
      status: 'failed',
    });
    expect(await db.notification.findUniqueOrThrow({ where: { id: ids.notification } })).toMatchObject({
      title: 'Due',
    });
    const counts = await Promise.all([
      db.reminderAgentVerifiedEmail.count(),
      db.reminderAgentPushSubscription.count(),
      db.reminderAgentOutboxEvent.count(),
    ]);
    expect(counts).toEqual([1, 1, 1]);
  });

  it('moves every index and leaves no table in public but Prisma’s own', async () => {
    expect(indexesBefore.length).toBeGreaterThan(40);
    expect(indexesAfterMove).toEqual(indexesBefore);
    const left = await admin.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
    );
    expect(left.rows).toEqual([]);
  });

  it('gives no role anything in another owner’s schema', async () => {
    for (const schema of Object.values(DbSchema)) {
      for (const other of Object.values(DbSchema).filter((s) => s !== schema)) {
        const table = {
          tasks_api: 'users',
          audit_agent: 'audit_entries',
          reminder_agent: 'notifications',
          webhook_agent: 'webhooks',
        }[other];
        await expect(as(schema).$queryRawUnsafe(`SELECT count(*) FROM ${other}.${table}`)).rejects.toThrow(
          new RegExp(`permission denied for schema ${other}`),
        );
      }
    }
  });
});
