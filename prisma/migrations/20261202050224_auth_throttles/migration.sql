-- CreateTable
CREATE TABLE "auth_throttles" (
    "rule" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "hits" INTEGER NOT NULL,
    "window_ends_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "auth_throttles_pkey" PRIMARY KEY ("rule","key_hash")
);

-- CreateIndex
CREATE INDEX "auth_throttles_window_ends_at_idx" ON "auth_throttles"("window_ends_at");

-- By hand: tasks-api connects as its own role (migration 20261202050000_service_roles).
GRANT SELECT, INSERT, UPDATE, DELETE ON "auth_throttles" TO "taskmesh_tasks_api";
