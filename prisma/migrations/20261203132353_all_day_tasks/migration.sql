-- All-day tasks (issue 20, docs/decisions/012-quick-add-and-all-day.md).
-- Written from `prisma migrate diff --from-schema-datamodel <previous schema>`:
-- `npm run db:migration:new` (--from-migrations) crashes in the WASM schema
-- engine ("RuntimeError: unreachable") while it reads back the CHECK
-- constraint of 20261203074051_notification_requests from the shadow database.

-- AlterTable
ALTER TABLE "tasks_api"."users" ADD COLUMN     "all_day_reminder_time" TEXT NOT NULL DEFAULT '09:00';

-- AlterTable
ALTER TABLE "tasks_api"."tasks" ADD COLUMN     "all_day" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "reminder_agent"."reminder_agent_schedule" ADD COLUMN     "task_all_day" BOOLEAN NOT NULL DEFAULT false;

-- Prisma cannot express CHECK constraints. An all-day task's due_at is 00:00
-- of its day in time_zone, which has no meaning without both.
ALTER TABLE "tasks_api"."tasks" ADD CONSTRAINT "tasks_all_day_has_due_date_and_zone"
  CHECK (NOT "all_day" OR ("due_at" IS NOT NULL AND "time_zone" IS NOT NULL));
-- The API accepts only HH:MM (00:00-23:59); reminder timing reads it as such.
ALTER TABLE "tasks_api"."users" ADD CONSTRAINT "users_all_day_reminder_time_hh_mm"
  CHECK ("all_day_reminder_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
