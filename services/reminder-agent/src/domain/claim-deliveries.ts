import type { ReminderChannel } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import type { DueRequest } from './notification-requests/request-message';
import type { DueReminder } from './reminder-message';

/** What every claimed delivery has, whatever it is about. */
interface Claim {
  deliveryId: bigint;
  channel: ReminderChannel;
  /** This try's number; the outcome is recorded only if the row is still at it (fencing). */
  attempts: number;
  /** Whether the recipient's address is the one its owner verified (email.verified): email goes only there. */
  recipientVerified: boolean;
}

/**
 * A delivery this replica claimed: it alone sends it until the lease ends.
 * It is one channel of a reminder's firing, or of a notification request
 * (issue 19: assigned, mentioned).
 */
export type ClaimedDelivery = Claim & ((DueReminder & { source: 'reminder' }) | (DueRequest & { source: 'request' }));

interface ClaimedRow {
  id: bigint;
  reminder_id: string | null;
  request_id: string | null;
  fire_at: Date;
  channel: ReminderChannel;
  attempts: number;
  task_id: string;
  user_id: string;
  task_title: string;
  task_due_at: Date | null;
  task_time_zone: string | null;
  task_all_day: boolean | null;
  recipient_email: string;
  recipient_zone: string;
  recipient_verified: boolean;
  kind: 'assigned' | 'mentioned' | null;
  actor_name: string | null;
  excerpt: string | null;
}

/**
 * Claims up to `limit` due deliveries of one channel: pending ones whose time
 * has come, and ones whose claim lapsed (the replica sending them died before
 * recording). FOR UPDATE SKIP LOCKED keeps two replicas' sweeps from claiming
 * the same row; the lease keeps a later sweep from claiming it again while
 * the send is in flight. Reminder firings and notification requests share
 * the channel's queue and capacity.
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
      RETURNING d.id, d.reminder_id, d.request_id, d.fire_at, d.channel, d.attempts
    )
    SELECT c.id, c.reminder_id::text, c.request_id::text, c.fire_at, c.channel, c.attempts,
      COALESCE(s.task_id, r.task_id)::text AS task_id, COALESCE(s.user_id, r.user_id)::text AS user_id,
      COALESCE(s.task_title, r.task_title) AS task_title, s.task_due_at, s.task_time_zone, s.task_all_day,
      COALESCE(s.recipient_email, r.recipient_email) AS recipient_email,
      COALESCE(s.recipient_zone, r.recipient_zone) AS recipient_zone,
      r.kind, r.actor_name, r.excerpt,
      v.email IS NOT NULL AND v.email = COALESCE(s.recipient_email, r.recipient_email) AS recipient_verified
    FROM claimed c
    LEFT JOIN reminder_agent.reminder_agent_schedule s ON s.reminder_id = c.reminder_id
    LEFT JOIN reminder_agent.reminder_agent_notification_requests r ON r.request_id = c.request_id
    LEFT JOIN reminder_agent.reminder_agent_verified_emails v ON v.user_id = COALESCE(s.user_id, r.user_id)
    WHERE s.reminder_id IS NOT NULL OR r.request_id IS NOT NULL`;
  return rows.map((row): ClaimedDelivery => {
    const claim = {
      deliveryId: row.id,
      channel: row.channel,
      attempts: row.attempts,
      taskId: row.task_id,
      userId: row.user_id,
      fireAt: row.fire_at,
      taskTitle: row.task_title,
      recipientEmail: row.recipient_email,
      recipientZone: row.recipient_zone,
      recipientVerified: row.recipient_verified,
    };
    if (row.request_id !== null)
      return {
        ...claim,
        source: 'request',
        requestId: row.request_id,
        kind: row.kind ?? 'assigned',
        actorName: row.actor_name ?? '',
        excerpt: row.excerpt,
      };
    return {
      ...claim,
      source: 'reminder',
      reminderId: row.reminder_id ?? '',
      taskDueAt: row.task_due_at,
      taskTimeZone: row.task_time_zone,
      taskAllDay: row.task_all_day ?? false,
    };
  });
}
