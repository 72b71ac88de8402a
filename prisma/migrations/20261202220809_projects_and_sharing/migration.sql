-- Projects, sharing and teamwork (issue 19; docs/decisions/011-projects-and-sharing.md).
-- Every task now lives in exactly one project. Each existing user gets an
-- Inbox (they own it, the only member), and every existing task moves into
-- its owner's Inbox: project_id is added nullable, filled, then made NOT NULL,
-- so nothing is lost (tests/integration/database/projects-migration.test.ts
-- runs this on data made with the previous schema).
-- CreateEnum
CREATE TYPE "tasks_api"."ProjectRole" AS ENUM ('owner', 'editor', 'commenter', 'viewer');

-- AlterTable
ALTER TABLE "audit_agent"."audit_entries" ADD COLUMN     "project_id" UUID,
ALTER COLUMN "task_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "reminder_agent"."notifications" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'reminder',
ADD COLUMN     "request_id" UUID,
ALTER COLUMN "reminder_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "tasks_api"."tasks" ADD COLUMN     "assignee_ids" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "project_id" UUID,
ADD COLUMN     "section_id" UUID,
ADD COLUMN     "updated_by" TEXT;

-- CreateTable
CREATE TABLE "tasks_api"."projects" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "color" TEXT,
    "is_inbox" BOOLEAN NOT NULL DEFAULT false,
    "owner_id" UUID NOT NULL,
    "archived_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "update_seq" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tasks_api"."project_members" (
    "project_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "tasks_api"."ProjectRole" NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "project_members_pkey" PRIMARY KEY ("project_id","user_id")
);

-- CreateTable
CREATE TABLE "tasks_api"."project_sections" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "project_sections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tasks_api"."project_invites" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "role" "tasks_api"."ProjectRole" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_by_id" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "max_uses" INTEGER,
    "uses" INTEGER NOT NULL DEFAULT 0,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "project_invites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tasks_api"."task_comments" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "mention_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "edited_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "task_comments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "projects_owner_id_idx" ON "tasks_api"."projects"("owner_id");

-- CreateIndex
CREATE INDEX "project_members_user_id_project_id_idx" ON "tasks_api"."project_members"("user_id", "project_id");

-- CreateIndex
CREATE INDEX "project_sections_project_id_position_idx" ON "tasks_api"."project_sections"("project_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "project_invites_token_hash_key" ON "tasks_api"."project_invites"("token_hash");

-- CreateIndex
CREATE INDEX "project_invites_project_id_idx" ON "tasks_api"."project_invites"("project_id");

-- CreateIndex
CREATE INDEX "task_comments_task_id_created_at_idx" ON "tasks_api"."task_comments"("task_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_entries_project_id_occurred_at_idx" ON "audit_agent"."audit_entries"("project_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_request_id_key" ON "reminder_agent"."notifications"("request_id");

-- CreateIndex
CREATE INDEX "tasks_project_id_created_at_id_idx" ON "tasks_api"."tasks"("project_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "tasks_project_id_due_at_idx" ON "tasks_api"."tasks"("project_id", "due_at");

-- CreateIndex
CREATE INDEX "tasks_assignee_ids_idx" ON "tasks_api"."tasks" USING GIN ("assignee_ids");

-- AddForeignKey
ALTER TABLE "tasks_api"."tasks" ADD CONSTRAINT "tasks_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "tasks_api"."projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks_api"."tasks" ADD CONSTRAINT "tasks_section_id_fkey" FOREIGN KEY ("section_id") REFERENCES "tasks_api"."project_sections"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks_api"."project_members" ADD CONSTRAINT "project_members_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "tasks_api"."projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks_api"."project_members" ADD CONSTRAINT "project_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "tasks_api"."users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks_api"."project_sections" ADD CONSTRAINT "project_sections_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "tasks_api"."projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks_api"."project_invites" ADD CONSTRAINT "project_invites_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "tasks_api"."projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks_api"."task_comments" ADD CONSTRAINT "task_comments_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks_api"."tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One Inbox per user (Prisma cannot express partial unique indexes).
CREATE UNIQUE INDEX "projects_one_inbox_per_owner" ON "tasks_api"."projects"("owner_id") WHERE "is_inbox";

-- Every existing user's Inbox, owned by them, with them as its only member.
INSERT INTO "tasks_api"."projects" ("id", "name", "is_inbox", "owner_id", "created_at", "updated_at")
SELECT gen_random_uuid(), 'Inbox', true, u."id", u."created_at", CURRENT_TIMESTAMP FROM "tasks_api"."users" u;

INSERT INTO "tasks_api"."project_members" ("project_id", "user_id", "role", "position", "created_at", "updated_at")
SELECT p."id", p."owner_id", 'owner', 0, p."created_at", CURRENT_TIMESTAMP
FROM "tasks_api"."projects" p WHERE p."is_inbox";

-- Every existing task into its owner's Inbox; its version, ETag and audit
-- trail stay as they were (the move is the schema's, not a user's change).
UPDATE "tasks_api"."tasks" t SET "project_id" = p."id"
FROM "tasks_api"."projects" p WHERE p."owner_id" = t."owner_id" AND p."is_inbox";

-- The update sequence realtime clients resume from is per project now: each
-- Inbox continues its owner's, so a browser open across the upgrade resyncs
-- at most once.
UPDATE "tasks_api"."projects" p SET "update_seq" = u."update_seq"
FROM "tasks_api"."users" u WHERE p."owner_id" = u."id" AND p."is_inbox";

ALTER TABLE "tasks_api"."tasks" ALTER COLUMN "project_id" SET NOT NULL;
ALTER TABLE "tasks_api"."tasks" ALTER COLUMN "assignee_ids" SET NOT NULL;
ALTER TABLE "tasks_api"."task_comments" ALTER COLUMN "mention_ids" SET NOT NULL;
