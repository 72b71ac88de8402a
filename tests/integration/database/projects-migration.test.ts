import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DbSchema, databaseRoleOf } from '@taskmesh/contracts';
import type { Client } from 'pg';
import { createScratchDatabase, migrationNames, type ScratchDatabase } from './scratch-database';

// Issue 19: the migration that brings projects gives every existing user an
// Inbox and moves every existing task into its owner's, with nothing lost. A
// database of its own gets the migrations before it, rows of every kind in
// every table as the previous schema held them, then this migration; every
// row is then compared with what it was, column by column in its text form.

const projectsMigration = '20261202220809_projects_and_sharing';
const schemas = Object.values(DbSchema);
const newTables = [
  'tasks_api.project_invites',
  'tasks_api.project_members',
  'tasks_api.project_sections',
  'tasks_api.projects',
  'tasks_api.task_comments',
];
// What the migration adds to tables that existed: everything else stays as it was.
const newColumns: Record<string, string[]> = {
  'audit_agent.audit_entries': ['project_id'],
  'reminder_agent.notifications': ['kind', 'request_id'],
  'tasks_api.tasks': ['assignee_ids', 'project_id', 'section_id', 'updated_by'],
};

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const users = { ana: id(1), ben: id(2), cy: id(3), dee: id(4) };
const series = { weekly: id(10), daily: id(11) };
const tasks = {
  paint: id(20),
  report: id(21),
  passport: id(22),
  idea: id(23),
  review0: id(24),
  review1: id(25),
  bank: id(26),
  stretch0: id(27),
  stretch1: id(28),
  unicode: id(29),
  gone: id(30),
};
const reminders = { review0: id(40), review1: id(41), stretch1: id(42), paint: id(43) };
const owners: Record<string, string> = {
  [tasks.paint]: users.ana,
  [tasks.report]: users.ana,
  [tasks.passport]: users.ana,
  [tasks.idea]: users.ana,
  [tasks.review0]: users.ana,
  [tasks.review1]: users.ana,
  [tasks.bank]: users.ben,
  [tasks.stretch0]: users.ben,
  [tasks.stretch1]: users.ben,
  [tasks.unicode]: users.ben,
  [tasks.gone]: users.dee,
};
const updateSeqs = { [users.ana]: 41, [users.ben]: 7, [users.cy]: 0, [users.dee]: 12 };

// Rows as the services wrote them before projects: ana has tasks of every kind
// (open, in progress, done, deleted, tags, checklist, due date, a series'
// occurrences with reminders and their delivery reports), ben some of his own,
// cy none, dee only a deleted one; every other table holds rows about them.
const oldRows = `
  INSERT INTO tasks_api.users (id, email, password_hash, display_name, role, time_zone, default_reminder_channels,
      update_seq, email_verified_at, created_at, updated_at) VALUES
    ('${users.ana}', 'ana@taskmesh.invalid', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA', 'Ana', 'user',
      'Europe/Paris', '{in_app,email}', ${updateSeqs[users.ana]}, '2026-01-05 08:10:00.123+00',
      '2026-01-05 08:00:00.001+00', '2026-03-01 10:00:00.5+00'),
    ('${users.ben}', 'ben@taskmesh.invalid', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$YmVu', NULL, 'admin',
      'America/New_York', '{push}', ${updateSeqs[users.ben]}, NULL, '2026-01-06 09:00:00+00', '2026-01-06 09:00:00+00'),
    ('${users.cy}', 'cy@taskmesh.invalid', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$Y3k', 'Cy', 'user', 'UTC',
      '{in_app}', ${updateSeqs[users.cy]}, NULL, '2026-02-01 12:00:00+00', '2026-02-01 12:00:00+00'),
    ('${users.dee}', 'dee@taskmesh.invalid', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$ZGVl', 'Dee', 'user',
      'Asia/Tokyo', '{in_app}', ${updateSeqs[users.dee]}, '2026-02-02 00:00:00+00', '2026-02-02 00:00:00+00',
      '2026-02-03 00:00:00+00');

  INSERT INTO tasks_api.recurring_series (id, owner_id, rrule, time_zone, anchor, mode, ended_at, created_at, updated_at)
  VALUES
    ('${series.weekly}', '${users.ana}', 'FREQ=WEEKLY;BYDAY=MO', 'Europe/Paris', '2026-01-05T09:00', 'fixed', NULL,
      '2026-01-05 08:30:00+00', '2026-01-05 08:30:00+00'),
    ('${series.daily}', '${users.ben}', 'FREQ=DAILY', 'America/New_York', '2026-02-01T07:30', 'afterCompletion',
      '2026-02-10 00:00:00+00', '2026-02-01 12:00:00+00', '2026-02-10 00:00:00+00');

  INSERT INTO tasks_api.tasks (id, owner_id, title, description, status, priority, tags, checklist, due_at, time_zone,
      completed_at, deleted_at, version, series_id, occurrence_index, created_at, updated_at) VALUES
    ('${tasks.paint}', '${users.ana}', 'Buy paint', 'two litres; white', 'todo', 'high', '{home,diy}',
      '[{"id": "c1", "text": "measure the wall", "done": true}, {"id": "c2", "text": "pick a colour", "done": false}]',
      '2026-03-10 17:00:00+00', 'Europe/Paris', NULL, NULL, 3, NULL, NULL, '2026-01-07 10:00:00.111+00',
      '2026-01-08 11:00:00.222+00'),
    ('${tasks.report}', '${users.ana}', 'Write the report', NULL, 'in_progress', 'urgent', '{}', '[]', NULL, NULL,
      NULL, NULL, 2, NULL, NULL, '2026-01-07 10:01:00+00', '2026-01-09 08:00:00+00'),
    ('${tasks.passport}', '${users.ana}', 'Renew passport', 'photo booth first', 'done', 'medium', '{admin}', '[]',
      '2026-01-20 09:00:00+00', 'Europe/Paris', '2026-01-19 15:30:00+00', NULL, 4, NULL, NULL,
      '2026-01-07 10:02:00+00', '2026-01-19 15:30:00+00'),
    ('${tasks.idea}', '${users.ana}', 'Old idea', NULL, 'todo', 'low', '{someday}', '[]', NULL, NULL, NULL,
      '2026-01-10 10:00:00+00', 2, NULL, NULL, '2026-01-07 10:03:00+00', '2026-01-10 10:00:00+00'),
    ('${tasks.review0}', '${users.ana}', 'Weekly review', NULL, 'done', 'medium', '{}',
      '[{"id": "c1", "text": "inbox zero", "done": true}]', '2026-01-05 08:00:00+00', 'Europe/Paris',
      '2026-01-05 09:00:00+00', NULL, 2, '${series.weekly}', 0, '2026-01-05 08:30:00+00', '2026-01-05 09:00:00+00'),
    ('${tasks.review1}', '${users.ana}', 'Weekly review', NULL, 'todo', 'medium', '{}',
      '[{"id": "c1", "text": "inbox zero", "done": false}]', '2026-01-12 08:00:00+00', 'Europe/Paris', NULL, NULL, 1,
      '${series.weekly}', 1, '2026-01-05 09:00:00.001+00', '2026-01-05 09:00:00.001+00'),
    ('${tasks.bank}', '${users.ben}', 'Call the bank', 'about the card', 'todo', 'urgent', '{finance}',
      '[{"id": "c1", "text": "find the number", "done": false}]', '2026-02-05 14:00:00+00', 'America/New_York',
      NULL, NULL, 1, NULL, NULL, '2026-02-01 13:00:00+00', '2026-02-01 13:00:00+00'),
    ('${tasks.stretch0}', '${users.ben}', 'Stretch', NULL, 'todo', 'low', '{health}', '[]',
      '2026-02-01 12:30:00+00', 'America/New_York', NULL, '2026-02-02 00:00:00+00', 2, '${series.daily}', 0,
      '2026-02-01 12:00:00+00', '2026-02-02 00:00:00+00'),
    ('${tasks.stretch1}', '${users.ben}', 'Stretch', NULL, 'done', 'low', '{health}', '[]',
      '2026-02-02 12:30:00+00', 'America/New_York', '2026-02-02 13:00:00+00', NULL, 2, '${series.daily}', 1,
      '2026-02-02 00:00:00+00', '2026-02-02 13:00:00+00'),
    ('${tasks.unicode}', '${users.ben}', 'Ünïcödé ✓ naïve café — “quotes”', E'line one\\n\\ttabbed; ''quoted''',
      'in_progress', 'high', '{"with space","ünï"}', '[]', NULL, NULL, NULL, NULL, 7, NULL, NULL,
      '2026-02-03 00:00:00+00', '2026-02-04 00:00:00+00'),
    ('${tasks.gone}', '${users.dee}', 'Gone', NULL, 'done', 'medium', '{}', '[]', NULL, NULL,
      '2026-02-02 01:00:00+00', '2026-02-02 02:00:00+00', 3, NULL, NULL, '2026-02-02 00:30:00+00',
      '2026-02-02 02:00:00+00');

  INSERT INTO tasks_api.reminders (id, task_id, owner_id, at, "offset", direction, channels, snoozed_until, fire_at,
      revision, created_at, updated_at) VALUES
    ('${reminders.review0}', '${tasks.review0}', '${users.ana}', '2026-01-05 07:45:00+00', NULL, NULL, '{email,push}',
      NULL, NULL, 3, '2026-01-05 08:30:00+00', '2026-01-05 09:00:00+00'),
    ('${reminders.review1}', '${tasks.review1}', '${users.ana}', NULL, 'PT15M', 'before', '{in_app}',
      '2026-01-12 07:55:00+00', '2026-01-12 07:45:00+00', 2, '2026-01-05 09:00:00.001+00', '2026-01-06 00:00:00+00'),
    ('${reminders.stretch1}', '${tasks.stretch1}', '${users.ben}', NULL, 'P1D', 'after', '{email}', NULL, NULL, 1,
      '2026-02-02 00:00:00+00', '2026-02-02 13:00:00+00'),
    ('${reminders.paint}', '${tasks.paint}', '${users.ana}', '2026-03-10 08:00:00+00', NULL, NULL,
      '{in_app,email,push}', NULL, '2026-03-10 08:00:00+00', 1, '2026-01-08 11:00:00+00', '2026-01-08 11:00:00+00');

  INSERT INTO tasks_api.reminder_delivery_reports (reminder_id, fire_at, channel, outcome, attempts, error, at,
      created_at, updated_at) VALUES
    ('${reminders.review0}', '2026-01-05 07:45:00+00', 'email', 'sent', 1, NULL, '2026-01-05 07:45:01+00',
      '2026-01-05 07:45:02+00', '2026-01-05 07:45:02+00'),
    ('${reminders.review0}', '2026-01-05 07:45:00+00', 'push', 'failed', 5, 'push service answered 410',
      '2026-01-05 08:15:00+00', '2026-01-05 07:45:02+00', '2026-01-05 08:15:01+00'),
    ('${reminders.stretch1}', '2026-02-03 12:30:00+00', 'email', 'failed', 3, 'smtp 451 try later',
      '2026-02-03 13:00:00+00', '2026-02-03 12:30:01+00', '2026-02-03 13:00:01+00');

  INSERT INTO tasks_api.push_subscriptions (id, user_id, endpoint, p256dh, auth, created_at, updated_at) VALUES
    (gen_random_uuid(), '${users.ana}', 'https://push.example/ana', 'p-ana', 'a-ana', now(), now()),
    (gen_random_uuid(), '${users.ben}', 'https://push.example/ben', 'p-ben', 'a-ben', now(), now());
  INSERT INTO tasks_api.refresh_tokens (id, user_id, token_hash, family_id, expires_at, revoked_at, rotated_at,
      created_at, updated_at) VALUES
    ('${id(50)}', '${users.ana}', 'refresh-1', '${id(50)}', now() + interval '30 days', NULL, now(), now(), now()),
    ('${id(51)}', '${users.ana}', 'refresh-2', '${id(50)}', now() + interval '30 days', NULL, NULL, now(), now()),
    ('${id(52)}', '${users.ben}', 'refresh-3', '${id(52)}', now() + interval '30 days', now(), NULL, now(), now());
  INSERT INTO tasks_api.account_tokens (id, user_id, purpose, email, token_hash, expires_at, used_at, created_at,
      updated_at) VALUES
    ('${id(60)}', '${users.ana}', 'verify_email', 'ana@taskmesh.invalid', 'account-1', now(), now(), now(), now()),
    ('${id(61)}', '${users.ben}', 'reset_password', 'ben@taskmesh.invalid', 'account-2', now(), NULL, now(), now());
  INSERT INTO tasks_api.idempotency_keys (principal, key, request_hash, status, body, headers, created_at, updated_at)
    VALUES ('${users.ana}', 'k1', 'h1', 201, '{"id": "${tasks.paint}", "title": "Buy paint"}',
      '{"etag": "\\"1\\""}', now(), now());
  INSERT INTO tasks_api.auth_throttles (rule, key_hash, hits, window_ends_at, created_at, updated_at)
    VALUES ('login', 'kh', 2, now(), now(), now());
  INSERT INTO tasks_api.outbox_events (id, topic, partition_key, event_type, payload, created_at, published_at,
      attempts, last_error, claimed_until) VALUES
    ('${id(70)}', 'task-events', '${tasks.paint}', 'task.created', '{"title": "Buy paint"}', now(), now(), 1, NULL,
      NULL),
    ('${id(71)}', 'task-updates', '${users.ana}', 'task.changed', '{"seq": 41}', now(), NULL, 2, 'broker away',
      now());

  INSERT INTO audit_agent.audit_entries (event_id, event_type, source, task_id, owner_id, actor_id, task_version,
      occurred_at, before, after) VALUES
    ('evt-1', 'task.created', 'tasks-api', '${tasks.paint}', '${users.ana}', '${users.ana}', 1,
      '2026-01-07 10:00:00.111+00', NULL, '{"title": "Buy paint"}'),
    ('evt-2', 'task.updated', 'tasks-api', '${tasks.paint}', '${users.ana}', '${users.ana}', 2,
      '2026-01-08 11:00:00.222+00', '{"title": "Buy paint"}', '{"title": "Buy paint", "tags": ["home"]}'),
    ('evt-3', 'task.created', 'recurrence-agent', '${tasks.review1}', '${users.ana}', 'app:recurrence-agent', 1,
      '2026-01-05 09:00:00.001+00', NULL, '{"title": "Weekly review"}');
  INSERT INTO audit_agent.audit_outbox_events (id, topic, partition_key, event_type, payload)
    VALUES ('${id(72)}', 'audit-logs', '${tasks.paint}', 'audit.recorded', '{}');

  INSERT INTO reminder_agent.reminder_agent_schedule (reminder_id, task_id, user_id, revision, fire_at, channels,
      task_title, task_due_at, task_time_zone, recipient_email, recipient_zone, created_at, updated_at) VALUES
    ('${reminders.review1}', '${tasks.review1}', '${users.ana}', 2, '2026-01-12 07:45:00+00', '{in_app}',
      'Weekly review', '2026-01-12 08:00:00+00', 'Europe/Paris', 'ana@taskmesh.invalid', 'Europe/Paris', now(), now()),
    ('${reminders.paint}', '${tasks.paint}', '${users.ana}', 1, '2026-03-10 08:00:00+00', '{in_app,email,push}',
      'Buy paint', '2026-03-10 17:00:00+00', 'Europe/Paris', 'ana@taskmesh.invalid', 'Europe/Paris', now(), now());
  INSERT INTO reminder_agent.reminder_agent_deliveries (reminder_id, fire_at, channel, status, attempts,
      next_attempt_at, last_error, sent_at, updated_at) VALUES
    ('${reminders.review0}', '2026-01-05 07:45:00+00', 'email', 'sent', 1, now(), NULL, now(), now()),
    ('${reminders.review0}', '2026-01-05 07:45:00+00', 'push', 'failed', 5, now(), 'gone', NULL, now());
  INSERT INTO reminder_agent.reminder_agent_account_emails (id, user_id, kind, recipient, expires_at, status,
      next_attempt_at, updated_at)
    VALUES ('${id(61)}', '${users.ben}', 'reset-password', 'ben@taskmesh.invalid', now(), 'pending', now(), now());
  INSERT INTO reminder_agent.reminder_agent_verified_emails (user_id, email, verified_at, updated_at)
    VALUES ('${users.ana}', 'ana@taskmesh.invalid', now(), now());
  INSERT INTO reminder_agent.reminder_agent_push_subscriptions (id, user_id, endpoint, p256dh, auth, removed_at,
      updated_at) VALUES
    ('${id(80)}', '${users.ana}', 'https://push.example/ana', 'p-ana', 'a-ana', NULL, now()),
    ('${id(81)}', '${users.ben}', 'https://push.example/ben', 'p-ben', 'a-ben', now(), now());
  INSERT INTO reminder_agent.notifications (id, user_id, task_id, reminder_id, fire_at, title, body, url, read_at,
      updated_at) VALUES
    ('${id(90)}', '${users.ana}', '${tasks.review0}', '${reminders.review0}', '2026-01-05 07:45:00+00',
      'Weekly review', 'due at 09:00', '/tasks/${tasks.review0}', now(), now()),
    ('${id(91)}', '${users.ana}', '${tasks.review1}', '${reminders.review1}', '2026-01-12 07:45:00+00',
      'Weekly review', 'due at 09:00', '/tasks/${tasks.review1}', NULL, now());
  INSERT INTO reminder_agent.reminder_agent_outbox_events (id, topic, partition_key, event_type, payload)
    VALUES ('${id(73)}', 'reminders', '${reminders.review0}', 'reminder.sent', '{}');
`;

type Row = Record<string, string | null>;
type Snapshot = Record<string, Row[]>;

const read = <T>(record: Record<string, T>, table: string): T => {
  const value = record[table];
  if (value === undefined) throw new Error(`${table} was not read`);
  return value;
};

/** Every table of the services' schemas with its columns, in order. */
const tablesOf = async (db: Client): Promise<Record<string, string[]>> => {
  const { rows } = await db.query<{ name: string; columns: string[] }>(
    `SELECT table_schema || '.' || table_name AS name, array_agg(column_name::text ORDER BY ordinal_position) AS columns
     FROM information_schema.columns WHERE table_schema = ANY($1) GROUP BY table_schema, table_name ORDER BY 1`,
    [schemas],
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.columns]));
};

/** Every row of these tables, these columns only, each in its text form (lossless for every type these tables use). */
const rowsOf = async (db: Client, tables: Record<string, string[]>): Promise<Snapshot> => {
  const snapshot: Snapshot = {};
  for (const [table, columns] of Object.entries(tables)) {
    const list = columns.map((column) => `"${column}"::text AS "${column}"`).join(', ');
    const order = columns.map((_, i) => i + 1).join(', ');
    snapshot[table] = (await db.query<Row>(`SELECT ${list} FROM ${table} ORDER BY ${order}`)).rows;
  }
  return snapshot;
};

/** What each service role may do to each table of the services' schemas. */
const privilegesOf = async (db: Client) => {
  const { rows } = await db.query<{ role: string; name: string; privileges: string[] }>(
    `SELECT r.role, n.nspname || '.' || c.relname AS name, array_agg(p.privilege ORDER BY p.privilege) AS privileges
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     CROSS JOIN unnest($1::text[]) AS r(role)
     CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS p(privilege)
     WHERE c.relkind = 'r' AND n.nspname = ANY($2) AND has_table_privilege(r.role, c.oid, p.privilege)
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [Object.values(databaseRoleOf).map(({ role }) => role), schemas],
  );
  return rows;
};

let scratch: ScratchDatabase;
let admin: Client;
let tablesBefore: Record<string, string[]>;
let tablesAfter: Record<string, string[]>;
let before: Snapshot;
let after: Snapshot;
let privilegesBefore: Awaited<ReturnType<typeof privilegesOf>>;
let privilegesAfter: Awaited<ReturnType<typeof privilegesOf>>;
let newRows: Snapshot;
// Today's Prisma client reads today's columns (e.g. tasks.all_day, issue 20),
// so the tests that use it bring the database up to date first; the migrations
// after this one only add to what it made.
let upToDate: Promise<void> | undefined;
const current = () => (upToDate ??= scratch.apply(migrationNames.filter((name) => name > projectsMigration)));
const as = (schema: DbSchema) => scratch.as(schema);

beforeAll(async () => {
  expect(migrationNames).toContain(projectsMigration);
  scratch = await createScratchDatabase('projects_migration');
  admin = scratch.admin;
  await scratch.apply(migrationNames.filter((name) => name < projectsMigration));
  await admin.query(oldRows);
  tablesBefore = await tablesOf(admin);
  before = await rowsOf(admin, tablesBefore);
  privilegesBefore = await privilegesOf(admin);
  // This migration only: later ones (e.g. notification requests) change tables it leaves as they were.
  await scratch.apply([projectsMigration]);
  // Read everything now: the tests below add rows of their own.
  tablesAfter = await tablesOf(admin);
  after = await rowsOf(admin, tablesBefore);
  privilegesAfter = await privilegesOf(admin);
  newRows = await rowsOf(admin, {
    ...Object.fromEntries(newTables.map((table) => [table, read(tablesAfter, table)])),
    ...Object.fromEntries(Object.entries(newColumns).map(([table, columns]) => [table, ['id', ...columns]])),
  });
});

afterAll(async () => {
  await scratch?.drop();
});

describe('the projects migration on data made with the previous schema', () => {
  it('leaves every row of every table as it was, and only adds the new columns and tables', () => {
    // A table with no rows would prove nothing.
    expect(Object.entries(before).filter(([, rows]) => rows.length === 0)).toEqual([]);
    expect(Object.keys(before)).toHaveLength(20);
    const counts = (snapshot: Snapshot) => Object.entries(snapshot).map(([table, rows]) => `${table} ${rows.length}`);
    expect(counts(after)).toEqual(counts(before));
    expect(after).toEqual(before);

    const added: Record<string, string[]> = {};
    for (const [table, columns] of Object.entries(tablesBefore)) {
      const more = read(tablesAfter, table).filter((column) => !columns.includes(column));
      if (more.length > 0) added[table] = more.sort();
    }
    expect(added).toEqual(newColumns);
    expect(Object.keys(tablesAfter).filter((table) => !tablesBefore[table])).toEqual(newTables);
  });

  it('gives the moved tasks, audit entries and notifications empty new columns', () => {
    expect(read(newRows, 'tasks_api.tasks').map(({ project_id: _, ...row }) => row)).toEqual(
      Object.keys(owners)
        .sort()
        .map((task) => ({ id: task, assignee_ids: '{}', section_id: null, updated_by: null })),
    );
    expect(read(newRows, 'audit_agent.audit_entries')).toEqual(
      ['1', '2', '3'].map((entry) => ({ id: entry, project_id: null })),
    );
    expect(read(newRows, 'reminder_agent.notifications')).toEqual(
      [id(90), id(91)].map((notification) => ({ id: notification, kind: 'reminder', request_id: null })),
    );
  });

  it('gives every user exactly one Inbox, owned by them, continuing their update sequence', () => {
    const projects = read(newRows, 'tasks_api.projects');
    expect(projects).toHaveLength(Object.keys(updateSeqs).length);
    expect(projects.map(({ id: _, created_at: __, updated_at: ___, ...project }) => project)).toEqual(
      expect.arrayContaining(
        Object.entries(updateSeqs).map(([user, seq]) => ({
          name: 'Inbox',
          color: null,
          is_inbox: 'true',
          owner_id: user,
          archived_at: null,
          deleted_at: null,
          update_seq: String(seq),
          version: '1',
        })),
      ),
    );
    expect(new Set(projects.map((project) => project.owner_id)).size).toBe(projects.length);
  });

  it('makes each owner the only member of their Inbox, with the owner role', () => {
    const members = read(newRows, 'tasks_api.project_members');
    expect(members.map(({ project_id, user_id, role }) => ({ project_id, user_id, role }))).toEqual(
      expect.arrayContaining(
        read(newRows, 'tasks_api.projects').map((inbox) => ({
          project_id: inbox.id,
          user_id: inbox.owner_id,
          role: 'owner',
        })),
      ),
    );
    expect(members).toHaveLength(read(newRows, 'tasks_api.projects').length);
    expect(read(newRows, 'tasks_api.project_sections')).toEqual([]);
    expect(read(newRows, 'tasks_api.project_invites')).toEqual([]);
    expect(read(newRows, 'tasks_api.task_comments')).toEqual([]);
  });

  it('puts every task, deleted and done ones too, in its owner’s Inbox', () => {
    const inboxOf = Object.fromEntries(read(newRows, 'tasks_api.projects').map((inbox) => [inbox.owner_id, inbox.id]));
    expect(Object.fromEntries(read(newRows, 'tasks_api.tasks').map((task) => [task.id, task.project_id]))).toEqual(
      Object.fromEntries(Object.entries(owners).map(([task, owner]) => [task, inboxOf[owner]])),
    );
  });

  it('refuses a task without a project', async () => {
    const { rows } = await admin.query(
      `SELECT is_nullable FROM information_schema.columns
       WHERE table_schema = 'tasks_api' AND table_name = 'tasks' AND column_name = 'project_id'`,
    );
    expect(rows).toEqual([{ is_nullable: 'NO' }]);
    await expect(
      admin.query(
        `INSERT INTO tasks_api.tasks (id, owner_id, title, updated_at) VALUES (gen_random_uuid(), $1, 'Nowhere', now())`,
        [users.cy],
      ),
    ).rejects.toMatchObject({ code: '23502', column: 'project_id' });
  });

  it('refuses a second Inbox for the same owner, but not a second project', async () => {
    const project = (isInbox: boolean) =>
      admin.query(
        `INSERT INTO tasks_api.projects (id, name, is_inbox, owner_id, updated_at)
         VALUES (gen_random_uuid(), 'Another', $1, $2, now())`,
        [isInbox, users.cy],
      );
    await expect(project(true)).rejects.toMatchObject({ code: '23505', constraint: 'projects_one_inbox_per_owner' });
    await expect(project(false)).resolves.toMatchObject({ rowCount: 1 });
  });

  it('grants tasks-api its new tables and changes no other right', () => {
    const tasksApi = databaseRoleOf[DbSchema.tasksApi].role;
    const granted = newTables.map((name) => ({
      role: tasksApi,
      name,
      privileges: ['DELETE', 'INSERT', 'SELECT', 'UPDATE'],
    }));
    const key = (row: { role: string; name: string }) => `${row.role} ${row.name}`;
    // Sorted as the query sorts (byte order), not by locale.
    expect(privilegesAfter).toEqual([...privilegesBefore, ...granted].sort((a, b) => (key(a) < key(b) ? -1 : 1)));
    // The audit log stays read-and-append for its role.
    expect(privilegesAfter).toContainEqual({
      role: databaseRoleOf[DbSchema.auditAgent].role,
      name: 'audit_agent.audit_entries',
      privileges: ['INSERT', 'SELECT'],
    });
  });

  it('lets tasks-api’s role use the new tables through the Prisma client', async () => {
    await current();
    const db = as(DbSchema.tasksApi);
    const inbox = await db.project.findFirstOrThrow({
      where: { ownerId: users.ana, isInbox: true },
      include: { members: true, tasks: { orderBy: { createdAt: 'asc' } } },
    });
    expect(inbox).toMatchObject({ name: 'Inbox', updateSeq: 41, members: [{ userId: users.ana, role: 'owner' }] });
    expect(inbox.tasks.map((task) => task.id)).toEqual([
      tasks.review0,
      tasks.review1,
      tasks.paint,
      tasks.report,
      tasks.passport,
      tasks.idea,
    ]);

    const shared = await db.project.create({
      data: { name: 'Home', ownerId: users.ana, members: { create: [{ userId: users.ana, role: 'owner' }] } },
    });
    await db.projectMember.create({ data: { projectId: shared.id, userId: users.ben, role: 'editor' } });
    await db.projectMember.update({
      where: { projectId_userId: { projectId: shared.id, userId: users.ben } },
      data: { role: 'commenter' },
    });
    const section = await db.projectSection.create({ data: { projectId: shared.id, name: 'Kitchen' } });
    const invite = await db.projectInvite.create({
      data: {
        projectId: shared.id,
        role: 'viewer',
        tokenHash: 'invite-hash',
        createdById: users.ana,
        expiresAt: new Date(Date.now() + 3_600_000),
        maxUses: 1,
      },
    });
    await db.projectInvite.update({ where: { id: invite.id }, data: { revokedAt: new Date() } });
    const moved = await db.task.update({
      where: { id: tasks.paint },
      data: { projectId: shared.id, sectionId: section.id, assigneeIds: [users.ben], updatedBy: users.ana },
    });
    expect(moved).toMatchObject({ projectId: shared.id, sectionId: section.id, assigneeIds: [users.ben] });
    const comment = await db.taskComment.create({
      data: { taskId: tasks.paint, authorId: users.ben, body: 'White it is', mentionIds: [users.ana] },
    });
    await db.taskComment.update({ where: { id: comment.id }, data: { body: 'Off-white', editedAt: new Date() } });
    await db.taskComment.delete({ where: { id: comment.id } });
    await db.projectInvite.delete({ where: { id: invite.id } });
    await db.projectSection.delete({ where: { id: section.id } });
    expect(await db.task.findUniqueOrThrow({ where: { id: tasks.paint } })).toMatchObject({ sectionId: null });
    await db.task.update({ where: { id: tasks.paint }, data: { projectId: inbox.id } });
    await db.projectMember.delete({ where: { projectId_userId: { projectId: shared.id, userId: users.ben } } });
    await db.project.delete({ where: { id: shared.id } });
  });

  it('lets audit-agent’s role append project events, and still change nothing', async () => {
    await current();
    const db = as(DbSchema.auditAgent);
    const projectId = read(newRows, 'tasks_api.projects').find((inbox) => inbox.owner_id === users.ana)!.id!;
    await db.auditEntry.create({
      data: {
        eventId: 'evt-project',
        eventType: 'project.updated',
        source: 'tasks-api',
        taskId: null,
        projectId,
        ownerId: users.ana,
        actorId: users.ana,
        taskVersion: 2,
        occurredAt: new Date(),
      },
    });
    expect(await db.auditEntry.count({ where: { projectId } })).toBe(1);
    await expect(db.$executeRaw`UPDATE audit_agent.audit_entries SET actor_id = 'mallory'`).rejects.toThrow(
      /permission denied/,
    );
    await expect(db.$executeRaw`DELETE FROM audit_agent.audit_entries`).rejects.toThrow(/permission denied/);
  });
});

describe('the projects migration on an empty database', () => {
  it('applies with prisma migrate deploy, like every migration before it', async () => {
    const empty = await createScratchDatabase('projects_migration_empty');
    try {
      const repoDir = path.resolve(__dirname, '../../..');
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [path.join(repoDir, 'node_modules/prisma/build/index.js'), 'migrate', 'deploy'],
        { cwd: repoDir, env: { ...process.env, DATABASE_URL: empty.url() } },
      );
      expect(stdout).toContain('All migrations have been successfully applied.');
      const { rows } = await empty.admin.query<{ name: string }>(
        `SELECT migration_name AS name FROM _prisma_migrations
         WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1`,
      );
      expect(rows.map((row) => row.name)).toEqual(migrationNames);
      const counts = await empty.admin.query(
        'SELECT (SELECT count(*) FROM tasks_api.projects)::int AS projects, (SELECT count(*) FROM tasks_api.tasks)::int AS tasks',
      );
      expect(counts.rows).toEqual([{ projects: 0, tasks: 0 }]);
    } finally {
      await empty.drop();
    }
  });
});
