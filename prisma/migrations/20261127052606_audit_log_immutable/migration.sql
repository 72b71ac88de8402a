-- CreateTable
CREATE TABLE "audit_outbox_events" (
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

    CONSTRAINT "audit_outbox_events_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_outbox_events_id_key" ON "audit_outbox_events"("id");

-- CreateIndex
CREATE INDEX "audit_entries_owner_id_occurred_at_idx" ON "audit_entries"("owner_id", "occurred_at");

-- CreateIndex
CREATE INDEX "audit_entries_actor_id_occurred_at_idx" ON "audit_entries"("actor_id", "occurred_at");

-- CreateIndex
CREATE INDEX "audit_entries_occurred_at_idx" ON "audit_entries"("occurred_at");

-- Written by hand: the outbox relay's "unpublished, in order" index (as for outbox_events).
CREATE INDEX "audit_outbox_events_unpublished_idx" ON "audit_outbox_events" ("seq") WHERE "published_at" IS NULL;

-- Written by hand: the audit log is append-only in the database itself.
-- 1. A trigger rejects UPDATE, DELETE and TRUNCATE, whoever asks (even the owner).
CREATE FUNCTION "audit_entries_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_entries is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_entries_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "audit_entries"
  FOR EACH ROW EXECUTE FUNCTION "audit_entries_append_only"();

CREATE TRIGGER "audit_entries_no_truncate"
  BEFORE TRUNCATE ON "audit_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entries_append_only"();

-- 2. audit-agent connects as its own role, which may only read and append
-- entries (and use its outbox). Locally the role signs in by trust on
-- loopback; in the cluster its password comes from the secret store.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'taskmesh_audit_agent') THEN
    CREATE ROLE "taskmesh_audit_agent" LOGIN;
  END IF;
END
$$;
GRANT SELECT, INSERT ON "audit_entries" TO "taskmesh_audit_agent";
GRANT USAGE ON SEQUENCE "audit_entries_id_seq" TO "taskmesh_audit_agent";
GRANT SELECT, INSERT, UPDATE, DELETE ON "audit_outbox_events" TO "taskmesh_audit_agent";
GRANT USAGE ON SEQUENCE "audit_outbox_events_seq_seq" TO "taskmesh_audit_agent";
