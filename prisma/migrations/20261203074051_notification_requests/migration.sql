-- Notification requests (issue 19): tasks-api's notification.requested
-- (a member was assigned or @mentioned) goes out through reminder-agent's
-- delivery path. reminder-agent keeps one row per request and one delivery
-- per channel, so a delivery now belongs to a reminder firing or to a request.
-- AlterTable
ALTER TABLE "reminder_agent"."reminder_agent_deliveries" ADD COLUMN     "request_id" UUID,
ALTER COLUMN "reminder_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "reminder_agent"."reminder_agent_notification_requests" (
    "request_id" UUID NOT NULL,
    "event_id" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "task_id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "actor_id" UUID NOT NULL,
    "actor_name" TEXT NOT NULL,
    "task_title" TEXT NOT NULL,
    "excerpt" TEXT,
    "channels" TEXT[],
    "recipient_email" TEXT NOT NULL,
    "recipient_zone" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reminder_agent_notification_requests_pkey" PRIMARY KEY ("request_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reminder_agent_notification_requests_event_id_key" ON "reminder_agent"."reminder_agent_notification_requests"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "reminder_agent_deliveries_request_id_channel_key" ON "reminder_agent"."reminder_agent_deliveries"("request_id", "channel");

-- A delivery belongs to exactly one of them (Prisma cannot express CHECK constraints).
ALTER TABLE "reminder_agent"."reminder_agent_deliveries" ADD CONSTRAINT "reminder_agent_deliveries_one_source"
  CHECK (("reminder_id" IS NULL) <> ("request_id" IS NULL));

-- reminder-agent's role gets the new table like its others (migration
-- 20261202074500_schema_per_service); the default privileges set there
-- already grant it, this says so where the table is made.
GRANT SELECT, INSERT, UPDATE, DELETE ON "reminder_agent"."reminder_agent_notification_requests" TO "taskmesh_reminder_agent";
