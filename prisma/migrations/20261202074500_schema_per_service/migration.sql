-- Written by hand (issue 16): data ownership enforced by the database, not by
-- comments. Each service that keeps data owns one schema named after its app
-- id, and its role may use that schema only. Tables, their data, indexes,
-- constraints, owned sequences, triggers and grants move with
-- ALTER ... SET SCHEMA (nothing is copied or rebuilt); enum types and the
-- audit log's trigger function move with their owner. _prisma_migrations
-- stays in public, which no service role may use any more.
CREATE SCHEMA "tasks_api";
CREATE SCHEMA "audit_agent";
CREATE SCHEMA "reminder_agent";

-- tasks-api: accounts and sessions, tasks and their series, reminders as set, push subscriptions, its outbox.
ALTER TYPE "Role" SET SCHEMA "tasks_api";
ALTER TYPE "AccountTokenPurpose" SET SCHEMA "tasks_api";
ALTER TYPE "TaskStatus" SET SCHEMA "tasks_api";
ALTER TYPE "TaskPriority" SET SCHEMA "tasks_api";
ALTER TYPE "RecurrenceMode" SET SCHEMA "tasks_api";
ALTER TYPE "ReminderChannel" SET SCHEMA "tasks_api";
ALTER TYPE "ReminderDirection" SET SCHEMA "tasks_api";
ALTER TYPE "DeliveryOutcome" SET SCHEMA "tasks_api";
ALTER TABLE "users" SET SCHEMA "tasks_api";
ALTER TABLE "account_tokens" SET SCHEMA "tasks_api";
ALTER TABLE "refresh_tokens" SET SCHEMA "tasks_api";
ALTER TABLE "idempotency_keys" SET SCHEMA "tasks_api";
ALTER TABLE "auth_throttles" SET SCHEMA "tasks_api";
ALTER TABLE "tasks" SET SCHEMA "tasks_api";
ALTER TABLE "recurring_series" SET SCHEMA "tasks_api";
ALTER TABLE "outbox_events" SET SCHEMA "tasks_api";
ALTER TABLE "reminders" SET SCHEMA "tasks_api";
ALTER TABLE "reminder_delivery_reports" SET SCHEMA "tasks_api";
ALTER TABLE "push_subscriptions" SET SCHEMA "tasks_api";

-- audit-agent: the append-only log (its trigger function too) and its outbox.
ALTER TABLE "audit_entries" SET SCHEMA "audit_agent";
ALTER TABLE "audit_outbox_events" SET SCHEMA "audit_agent";
ALTER FUNCTION "audit_entries_append_only"() SET SCHEMA "audit_agent";

-- reminder-agent: its schedule, deliveries, account email, copies of verified
-- addresses and push subscriptions, notifications, its outbox.
ALTER TYPE "DeliveryStatus" SET SCHEMA "reminder_agent";
ALTER TABLE "reminder_agent_schedule" SET SCHEMA "reminder_agent";
ALTER TABLE "reminder_agent_deliveries" SET SCHEMA "reminder_agent";
ALTER TABLE "reminder_agent_account_emails" SET SCHEMA "reminder_agent";
ALTER TABLE "reminder_agent_verified_emails" SET SCHEMA "reminder_agent";
ALTER TABLE "reminder_agent_push_subscriptions" SET SCHEMA "reminder_agent";
ALTER TABLE "notifications" SET SCHEMA "reminder_agent";
ALTER TABLE "reminder_agent_outbox_events" SET SCHEMA "reminder_agent";

-- Nobody but the schema owner (migrations) uses public or the trigger function.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON SCHEMA "tasks_api", "audit_agent", "reminder_agent" FROM PUBLIC;
REVOKE ALL ON FUNCTION "audit_agent"."audit_entries_append_only"() FROM PUBLIC;

-- Each service role: USAGE on its own schema only. No service reads another's
-- schema by contract (reads across services go through service invocation or
-- events: packages/contracts/src/data-ownership.ts). The table and sequence
-- grants of migrations 20261127052606, 20261202050000 and later moved with
-- their tables; they are restated here so this file says what each role holds.
GRANT USAGE ON SCHEMA "tasks_api" TO "taskmesh_tasks_api";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "tasks_api" TO "taskmesh_tasks_api";
GRANT USAGE ON ALL SEQUENCES IN SCHEMA "tasks_api" TO "taskmesh_tasks_api";

GRANT USAGE ON SCHEMA "audit_agent" TO "taskmesh_audit_agent";
-- The log: read and append only (UPDATE, DELETE and TRUNCATE are never granted).
GRANT SELECT, INSERT ON "audit_agent"."audit_entries" TO "taskmesh_audit_agent";
GRANT SELECT, INSERT, UPDATE, DELETE ON "audit_agent"."audit_outbox_events" TO "taskmesh_audit_agent";
GRANT USAGE ON ALL SEQUENCES IN SCHEMA "audit_agent" TO "taskmesh_audit_agent";

GRANT USAGE ON SCHEMA "reminder_agent" TO "taskmesh_reminder_agent";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "reminder_agent" TO "taskmesh_reminder_agent";
GRANT USAGE ON ALL SEQUENCES IN SCHEMA "reminder_agent" TO "taskmesh_reminder_agent";

-- Tables later migrations create in a schema are its service's without a
-- hand-written GRANT (for objects created by the role that runs migrations,
-- which is this one). audit-agent's default stays read-and-append: anything
-- it may change is granted explicitly, as its outbox is above.
ALTER DEFAULT PRIVILEGES IN SCHEMA "tasks_api" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "taskmesh_tasks_api";
ALTER DEFAULT PRIVILEGES IN SCHEMA "tasks_api" GRANT USAGE ON SEQUENCES TO "taskmesh_tasks_api";
ALTER DEFAULT PRIVILEGES IN SCHEMA "audit_agent" GRANT SELECT, INSERT ON TABLES TO "taskmesh_audit_agent";
ALTER DEFAULT PRIVILEGES IN SCHEMA "audit_agent" GRANT USAGE ON SEQUENCES TO "taskmesh_audit_agent";
ALTER DEFAULT PRIVILEGES IN SCHEMA "reminder_agent" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "taskmesh_reminder_agent";
ALTER DEFAULT PRIVILEGES IN SCHEMA "reminder_agent" GRANT USAGE ON SEQUENCES TO "taskmesh_reminder_agent";
