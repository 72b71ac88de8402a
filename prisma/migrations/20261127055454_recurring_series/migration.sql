-- CreateEnum
CREATE TYPE "RecurrenceMode" AS ENUM ('fixed', 'afterCompletion');

-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "occurrence_index" INTEGER,
ADD COLUMN     "series_id" UUID;

-- CreateTable
CREATE TABLE "recurring_series" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "rrule" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "anchor" TEXT NOT NULL,
    "mode" "RecurrenceMode" NOT NULL DEFAULT 'fixed',
    "ended_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "recurring_series_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "recurring_series_owner_id_idx" ON "recurring_series"("owner_id");

-- CreateIndex
CREATE UNIQUE INDEX "tasks_series_id_occurrence_index_key" ON "tasks"("series_id", "occurrence_index");

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "recurring_series"("id") ON DELETE SET NULL ON UPDATE CASCADE;
