-- AlterTable
ALTER TABLE "audit_outbox_events" ADD COLUMN     "claimed_until" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "outbox_events" ADD COLUMN     "claimed_until" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "reminder_agent_outbox_events" ADD COLUMN     "claimed_until" TIMESTAMPTZ(3);
