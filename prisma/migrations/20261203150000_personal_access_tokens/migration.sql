-- Personal access tokens (issue 20; docs/decisions/013): only the token's
-- SHA-256 is stored; scopes are read, write and admin-read.
-- CreateTable
CREATE TABLE "tasks_api"."personal_access_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "personal_access_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "personal_access_tokens_token_hash_key" ON "tasks_api"."personal_access_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "personal_access_tokens_user_id_idx" ON "tasks_api"."personal_access_tokens"("user_id");

-- AddForeignKey
ALTER TABLE "tasks_api"."personal_access_tokens" ADD CONSTRAINT "personal_access_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "tasks_api"."users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Scopes are a known set (Prisma cannot express CHECK constraints).
ALTER TABLE "tasks_api"."personal_access_tokens" ADD CONSTRAINT "personal_access_tokens_scopes"
  CHECK (cardinality("scopes") > 0 AND "scopes" <@ ARRAY['read', 'write', 'admin-read']::TEXT[]);

-- The audit log names the token a change was made with (audit-agent's table).
-- AlterTable
ALTER TABLE "audit_agent"."audit_entries" ADD COLUMN     "via_token_id" UUID;
