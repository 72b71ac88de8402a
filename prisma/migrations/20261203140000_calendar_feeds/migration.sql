-- iCalendar feeds (issue 20): a secret, revocable URL per feed; only the
-- token's SHA-256 is stored.
-- CreateTable
CREATE TABLE "tasks_api"."calendar_feeds" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "project_id" UUID,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "last_read_at" TIMESTAMPTZ(3),

    CONSTRAINT "calendar_feeds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "calendar_feeds_token_hash_key" ON "tasks_api"."calendar_feeds"("token_hash");

-- CreateIndex
CREATE INDEX "calendar_feeds_owner_id_idx" ON "tasks_api"."calendar_feeds"("owner_id");

-- AddForeignKey
ALTER TABLE "tasks_api"."calendar_feeds" ADD CONSTRAINT "calendar_feeds_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "tasks_api"."users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks_api"."calendar_feeds" ADD CONSTRAINT "calendar_feeds_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "tasks_api"."projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
