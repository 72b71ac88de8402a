-- Written by hand (issue 20): outbound webhooks, owned by webhook-agent in a
-- schema of its own, with a role that may use that schema only (like the
-- others: migration 20261202074500_schema_per_service).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'taskmesh_webhook_agent') THEN
    CREATE ROLE "taskmesh_webhook_agent" LOGIN;
  END IF;
END
$$;

CREATE SCHEMA "webhook_agent";
REVOKE ALL ON SCHEMA "webhook_agent" FROM PUBLIC;

-- CreateEnum
CREATE TYPE "webhook_agent"."WebhookDeliveryStatus" AS ENUM ('pending', 'delivered', 'dead');

-- CreateTable
CREATE TABLE "webhook_agent"."webhooks" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "project_id" UUID,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "event_types" TEXT[],
    "secret_encrypted" TEXT NOT NULL,
    "previous_secret_encrypted" TEXT,
    "previous_secret_until" TIMESTAMPTZ(3),
    "disabled_at" TIMESTAMPTZ(3),
    "disabled_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_agent"."webhook_deliveries" (
    "id" UUID NOT NULL,
    "webhook_id" UUID NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "webhook_agent"."WebhookDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "lease_until" TIMESTAMPTZ(3),
    "last_status" INTEGER,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "replays" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhooks_user_id_idx" ON "webhook_agent"."webhooks"("user_id");

-- CreateIndex
CREATE INDEX "webhooks_project_id_idx" ON "webhook_agent"."webhooks"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_webhook_id_event_id_key" ON "webhook_agent"."webhook_deliveries"("webhook_id", "event_id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_webhook_id_status_created_at_idx" ON "webhook_agent"."webhook_deliveries"("webhook_id", "status", "created_at");

-- The sender's "due and not claimed" query: only pending rows, by when they are due.
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_agent"."webhook_deliveries"("next_attempt_at") WHERE "status" = 'pending';

-- AddForeignKey
ALTER TABLE "webhook_agent"."webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhook_agent"."webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A webhook receives at least one event type (Prisma cannot express CHECK constraints).
ALTER TABLE "webhook_agent"."webhooks" ADD CONSTRAINT "webhooks_event_types" CHECK (cardinality("event_types") > 0);

-- webhook-agent's role: its own schema, and nothing else.
GRANT USAGE ON SCHEMA "webhook_agent" TO "taskmesh_webhook_agent";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "webhook_agent" TO "taskmesh_webhook_agent";
ALTER DEFAULT PRIVILEGES IN SCHEMA "webhook_agent" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "taskmesh_webhook_agent";
ALTER DEFAULT PRIVILEGES IN SCHEMA "webhook_agent" GRANT USAGE ON SEQUENCES TO "taskmesh_webhook_agent";
