import type { ReminderChannel } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import type { DueReminder } from './reminder-message';

/** A delivery this replica claimed: it alone sends it until the lease ends. */
export interface ClaimedDelivery extends DueReminder {
  deliveryId: bigint;
  channel: ReminderChannel;
  /** This try's number; the outcome is recorded only if the row is still at it (fencing). */
  attempts: number;
  /** Whether the recipient's address is the one its owner verified (email.verified): email goes only there. */
  recipientVerified: boolean;
}

interface ClaimedRow {
  id: bigint;
  reminder_id: string;
  fire_at: Date;
  channel: ReminderChannel;
  attempts: number;
  task_id: string;
  user_id: string;
  task_title: string;
  task_due_at: Date | null;
  task_time_zone: string | null;
  recipient_email: string;
  recipient_zone: string;
  recipient_verified: boolean;
}

/**
 * Claims up to `limit` due deliveries of one channel: pending ones whose time
 * has come, and ones whose claim lapsed (the replica sending them died before
 * recording). FOR UPDATE SKIP LOCKED keeps two replicas' sweeps from claiming
 * the same row; the lease keeps a later sweep from claiming it again while
 * the send is in flight.
 */
export async function claimDeliveries(
  prisma: PrismaClient,
  channel: ReminderChannel,
  limit: number,
  leaseSeconds: number,
): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return [];
  const rows = await prisma.$queryRaw<ClaimedRow[]>`
    WITH due AS (
      SELECT id FROM reminder_agent.reminder_agent_deliveries
      WHERE channel = ${channel} AND status IN ('pending', 'sending') AND next_attempt_at <= now()
        AND (lease_until IS NULL OR lease_until < now())
      ORDER BY next_attempt_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE reminder_agent.reminder_agent_deliveries d
      SET status = 'sending', attempts = d.attempts + 1,
        lease_until = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
      FROM due WHERE d.id = due.id
      RETURNING d.id, d.reminder_id, d.fire_at, d.channel, d.attempts
    )
    SELECT c.id, c.reminder_id::text, c.fire_at, c.channel, c.attempts, s.task_id::text, s.user_id::text,
      s.task_title, s.task_due_at, s.task_time_zone, s.recipient_email, s.recipient_zone,
      v.email IS NOT NULL AND v.email = s.recipient_email AS recipient_verified
    FROM claimed c JOIN reminder_agent.reminder_agent_schedule s ON s.reminder_id = c.reminder_id
    LEFT JOIN reminder_agent.reminder_agent_verified_emails v ON v.user_id = s.user_id`;
  return rows.map((row) => ({
    deliveryId: row.id,
    channel: row.channel,
    attempts: row.attempts,
    reminderId: row.reminder_id,
    taskId: row.task_id,
    userId: row.user_id,
    fireAt: row.fire_at,
    taskTitle: row.task_title,
    taskDueAt: row.task_due_at,
    taskTimeZone: row.task_time_zone,
    recipientEmail: row.recipient_email,
    recipientZone: row.recipient_zone,
    recipientVerified: row.recipient_verified,
  }));
}
