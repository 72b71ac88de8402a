-- CreateEnum
CREATE TYPE "ReminderChannel" AS ENUM ('in_app', 'email', 'push');

-- CreateEnum
CREATE TYPE "ReminderDirection" AS ENUM ('before', 'after');

-- CreateEnum
CREATE TYPE "DeliveryOutcome" AS ENUM ('sent', 'failed');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'sending', 'sent', 'failed', 'cancelled');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "default_reminder_channels" "ReminderChannel"[] DEFAULT ARRAY['in_app']::"ReminderChannel"[];

-- CreateTable
CREATE TABLE "reminders" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3),
    "offset" TEXT,
    "direction" "ReminderDirection",
    "channels" "ReminderChannel"[],
    "snoozed_until" TIMESTAMPTZ(3),
    "fire_at" TIMESTAMPTZ(3),
    "revision" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reminders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reminder_delivery_reports" (
    "reminder_id" UUID NOT NULL,
    "fire_at" TIMESTAMPTZ(3) NOT NULL,
    "channel" "ReminderChannel" NOT NULL,
    "outcome" "DeliveryOutcome" NOT NULL,
    "attempts" INTEGER NOT NULL,
    "error" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reminder_delivery_reports_pkey" PRIMARY KEY ("reminder_id","fire_at","channel")
);

-- CreateTable
CREATE TABLE "push_subscriptions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "endpoint" TEXT NOT NULL,
    "p256dh" TEXT NOT NULL,
    "auth" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "push_subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reminder_agent_schedule" (
    "reminder_id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "fire_at" TIMESTAMPTZ(3),
    "channels" TEXT[],
    "task_title" TEXT NOT NULL,
    "task_due_at" TIMESTAMPTZ(3),
    "task_time_zone" TEXT,
    "recipient_email" TEXT NOT NULL,
    "recipient_zone" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reminder_agent_schedule_pkey" PRIMARY KEY ("reminder_id")
);

-- CreateTable
CREATE TABLE "reminder_agent_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "reminder_id" UUID NOT NULL,
    "fire_at" TIMESTAMPTZ(3) NOT NULL,
    "channel" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reminder_agent_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reminder_agent_push_subscriptions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "endpoint" TEXT NOT NULL,
    "p256dh" TEXT NOT NULL,
    "auth" TEXT NOT NULL,
    "removed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reminder_agent_push_subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "reminder_id" UUID NOT NULL,
    "fire_at" TIMESTAMPTZ(3) NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "read_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reminder_agent_outbox_events" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "partition_key" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "reminder_agent_outbox_events_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "reminders_task_id_idx" ON "reminders"("task_id");

-- CreateIndex
CREATE UNIQUE INDEX "push_subscriptions_endpoint_key" ON "push_subscriptions"("endpoint");

-- CreateIndex
CREATE INDEX "push_subscriptions_user_id_idx" ON "push_subscriptions"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "reminder_agent_deliveries_reminder_id_fire_at_channel_key" ON "reminder_agent_deliveries"("reminder_id", "fire_at", "channel");

-- CreateIndex
CREATE INDEX "reminder_agent_push_subscriptions_user_id_idx" ON "reminder_agent_push_subscriptions"("user_id");

-- CreateIndex
CREATE INDEX "notifications_user_id_created_at_idx" ON "notifications"("user_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "notifications_reminder_id_fire_at_key" ON "notifications"("reminder_id", "fire_at");

-- CreateIndex
CREATE UNIQUE INDEX "reminder_agent_outbox_events_id_key" ON "reminder_agent_outbox_events"("id");

-- AddForeignKey
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reminder_delivery_reports" ADD CONSTRAINT "reminder_delivery_reports_reminder_id_fkey" FOREIGN KEY ("reminder_id") REFERENCES "reminders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "push_subscriptions" ADD CONSTRAINT "push_subscriptions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand: the sweep's "due, not claimed" scan per channel (only live rows).
CREATE INDEX "reminder_agent_deliveries_due_idx" ON "reminder_agent_deliveries" ("channel", "next_attempt_at") WHERE "status" IN ('pending', 'sending');

-- Written by hand: unread counts per user.
CREATE INDEX "notifications_unread_idx" ON "notifications" ("user_id") WHERE "read_at" IS NULL;

-- Written by hand: the outbox relay's "unpublished, in order" index (as for outbox_events).
CREATE INDEX "reminder_agent_outbox_events_unpublished_idx" ON "reminder_agent_outbox_events" ("seq") WHERE "published_at" IS NULL;
