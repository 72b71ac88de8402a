import type { ReminderFailedData, ReminderSentData } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';

export type DeliveryReport =
  | { outcome: 'sent'; data: ReminderSentData }
  | { outcome: 'failed'; data: ReminderFailedData };

/**
 * Stores what reminder-agent reported (reminder.sent / reminder.failed), a
 * whole delivery batch in one statement. Keyed by (reminder, firing,
 * channel), so a redelivered report changes nothing; reports for reminders
 * deleted meanwhile are dropped.
 */
export async function recordDeliveryReports(prisma: PrismaClient, reports: DeliveryReport[]): Promise<number> {
  if (reports.length === 0) return 0;
  const rows = reports.map(({ outcome, data }) => ({
    reminder_id: data.reminderId,
    fire_at: data.fireAt,
    channel: data.channel,
    outcome,
    attempts: data.attempts,
    error: outcome === 'failed' ? data.error : null,
    at: outcome === 'sent' ? data.sentAt : data.failedAt,
  }));
  return prisma.$executeRaw`
    INSERT INTO tasks_api.reminder_delivery_reports (reminder_id, fire_at, channel, outcome, attempts, error, at, updated_at)
    SELECT r.reminder_id::uuid, r.fire_at::timestamptz, r.channel::tasks_api."ReminderChannel", r.outcome::tasks_api."DeliveryOutcome",
      r.attempts, r.error, r.at::timestamptz, now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS r(reminder_id text, fire_at text, channel text, outcome text, attempts int, error text, at text)
    WHERE EXISTS (SELECT 1 FROM tasks_api.reminders WHERE id = r.reminder_id::uuid)
    ON CONFLICT (reminder_id, fire_at, channel) DO NOTHING`;
}
