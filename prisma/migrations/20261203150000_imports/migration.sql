-- Import (issue 20): jobs, their rows, and the keys that make importing the
-- same file twice add nothing.
-- CreateEnum
CREATE TYPE "tasks_api"."ImportFormat" AS ENUM ('csv', 'ical');

-- CreateEnum
CREATE TYPE "tasks_api"."ImportStatus" AS ENUM ('pending', 'running', 'done', 'failed');

-- CreateEnum
CREATE TYPE "tasks_api"."ImportRowStatus" AS ENUM ('pending', 'created', 'skipped');

-- CreateTable
CREATE TABLE "tasks_api"."imports" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "project_id" UUID,
    "format" "tasks_api"."ImportFormat" NOT NULL,
    "source" TEXT NOT NULL,
    "status" "tasks_api"."ImportStatus" NOT NULL DEFAULT 'pending',
    "total" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "claim_token" UUID,
    "claimed_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "imports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tasks_api"."import_rows" (
    "import_id" UUID NOT NULL,
    "row" INTEGER NOT NULL,
    "key" TEXT,
    "draft" JSONB,
    "status" "tasks_api"."ImportRowStatus" NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "task_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "import_rows_pkey" PRIMARY KEY ("import_id","row")
);

-- CreateTable
CREATE TABLE "tasks_api"."import_keys" (
    "owner_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "import_id" UUID NOT NULL,
    "task_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "import_keys_pkey" PRIMARY KEY ("owner_id","key")
);

-- CreateIndex
CREATE INDEX "imports_owner_id_created_at_idx" ON "tasks_api"."imports"("owner_id", "created_at");

-- CreateIndex
CREATE INDEX "imports_status_created_at_idx" ON "tasks_api"."imports"("status", "created_at");

-- AddForeignKey
ALTER TABLE "tasks_api"."imports" ADD CONSTRAINT "imports_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "tasks_api"."users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks_api"."import_rows" ADD CONSTRAINT "import_rows_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "tasks_api"."imports"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks_api"."import_keys" ADD CONSTRAINT "import_keys_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "tasks_api"."users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
