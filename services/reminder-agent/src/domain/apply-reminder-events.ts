import type { ReminderTopicEvent } from '@taskmesh/contracts';
import type { Prisma, PrismaClient } from '@taskmesh/db';
import { applyAccountEvents, isAccountEvent } from './account-email/apply-account-events';
import { applyNotificationRequests, isNotificationRequest } from './notification-requests/apply-notification-requests';

type Scheduled = Extract<ReminderTopicEvent, { type: 'reminder.scheduled' }>['data'];
type Cancelled = Extract<ReminderTopicEvent, { type: 'reminder.cancelled' }>['data'];

/**
 * Keeps reminder-agent's schedule from the reminders topic: a whole delivery
 * batch in one transaction and a few set-based statements. Each reminder's
 * revision only grows, so a redelivered or replayed event (not newer than
 * what is held) changes nothing. A schedule creates one pending delivery per
 * channel for its firing (unique per reminder, firing and channel, so never
 * twice) and cancels what is still pending for other firings or channels; a
 * cancellation cancels everything still pending.
 */
export async function applyReminderEvents(prisma: PrismaClient, events: ReminderTopicEvent[]): Promise<number> {
  const latest = new Map<string, Scheduled | (Cancelled & { cancelled: true })>();
  const subscriptionEvents: ReminderTopicEvent[] = [];
  const accountEvents = events.filter(isAccountEvent);
  // Assigned and mentioned (issue 19): the same delivery path as reminders.
  const requests = events.filter(isNotificationRequest);
  for (const event of events) {
    if (event.type === 'reminder.scheduled' || event.type === 'reminder.cancelled') {
      const held = latest.get(event.data.reminderId);
      const next = event.type === 'reminder.cancelled' ? { ...event.data, cancelled: true as const } : event.data;
      if (!held || held.revision < next.revision) latest.set(event.data.reminderId, next);
    } else if (event.type.startsWith('push-subscription.')) subscriptionEvents.push(event);
  }
  if (latest.size === 0 && subscriptionEvents.length === 0 && accountEvents.length === 0 && requests.length === 0)
    return 0;
  return prisma.$transaction(async (tx) => {
    const applied = await applySchedules(tx, [...latest.values()]);
    for (const event of subscriptionEvents) await applySubscriptionEvent(tx, event);
    const accounts = await applyAccountEvents(tx, accountEvents);
    // After the subscriptions of this batch, so a push subscription that came just before counts.
    return applied + subscriptionEvents.length + accounts + (await applyNotificationRequests(tx, requests));
  });
}

async function applySchedules(
  tx: Prisma.TransactionClient,
  changes: Array<Scheduled | (Cancelled & { cancelled: true })>,
): Promise<number> {
  if (changes.length === 0) return 0;
  const rows = changes.map((change) =>
    'cancelled' in change
      ? { reminder_id: change.reminderId, task_id: change.taskId, user_id: change.userId, revision: change.revision }
      : {
          reminder_id: change.reminderId,
          task_id: change.taskId,
          user_id: change.userId,
          revision: change.revision,
          fire_at: change.fireAt,
          channels: change.channels,
          task_title: change.task.title,
          task_due_at: change.task.dueAt,
          task_time_zone: change.task.timeZone,
          task_all_day: change.task.allDay,
          recipient_email: change.recipient.email,
          recipient_zone: change.recipient.timeZone,
        },
  );
  // Newer revisions win; a cancellation keeps what it does not carry (title, recipient).
  const applied = await tx.$queryRaw<Array<{ reminder_id: string }>>`
    INSERT INTO reminder_agent.reminder_agent_schedule AS s (reminder_id, task_id, user_id, revision, fire_at, channels, task_title,
      task_due_at, task_time_zone, task_all_day, recipient_email, recipient_zone, updated_at)
    SELECT r.reminder_id::uuid, r.task_id::uuid, r.user_id::uuid, r.revision, r.fire_at::timestamptz,
      COALESCE(r.channels, '{}'), COALESCE(r.task_title, ''), r.task_due_at::timestamptz, r.task_time_zone,
      COALESCE(r.task_all_day, false),      COALESCE(r.recipient_email, ''), COALESCE(r.recipient_zone, 'UTC'), now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(reminder_id text, task_id text, user_id text,
      revision int, fire_at text, channels text[], task_title text, task_due_at text, task_time_zone text,
      task_all_day boolean, recipient_email text, recipient_zone text)
    ON CONFLICT (reminder_id) DO UPDATE SET
      revision = EXCLUDED.revision,
      fire_at = EXCLUDED.fire_at,
      channels = CASE WHEN EXCLUDED.fire_at IS NULL THEN s.channels ELSE EXCLUDED.channels END,
      task_title = CASE WHEN EXCLUDED.fire_at IS NULL THEN s.task_title ELSE EXCLUDED.task_title END,
      task_due_at = CASE WHEN EXCLUDED.fire_at IS NULL THEN s.task_due_at ELSE EXCLUDED.task_due_at END,
      task_time_zone = CASE WHEN EXCLUDED.fire_at IS NULL THEN s.task_time_zone ELSE EXCLUDED.task_time_zone END,
      task_all_day = CASE WHEN EXCLUDED.fire_at IS NULL THEN s.task_all_day ELSE EXCLUDED.task_all_day END,
      recipient_email = CASE WHEN EXCLUDED.fire_at IS NULL THEN s.recipient_email ELSE EXCLUDED.recipient_email END,
      recipient_zone = CASE WHEN EXCLUDED.fire_at IS NULL THEN s.recipient_zone ELSE EXCLUDED.recipient_zone END,
      updated_at = now()
    WHERE s.revision < EXCLUDED.revision
    RETURNING s.reminder_id::text`;
  if (applied.length === 0) return 0;
  const ids = applied.map((row) => row.reminder_id);
  // What is pending for another firing or channel (or for a cancelled reminder) will not go out.
  await tx.$executeRaw`
    UPDATE reminder_agent.reminder_agent_deliveries d SET status = 'cancelled', lease_until = NULL, updated_at = now()
    FROM reminder_agent.reminder_agent_schedule s
    WHERE s.reminder_id = ANY(${ids}::uuid[]) AND d.reminder_id = s.reminder_id AND d.status = 'pending'
      AND (s.fire_at IS NULL OR d.fire_at <> s.fire_at OR NOT (d.channel = ANY(s.channels)))`;
  // One delivery per channel of each firing; one cancelled earlier (task completed, then reopened) is revived.
  await tx.$executeRaw`
    INSERT INTO reminder_agent.reminder_agent_deliveries (reminder_id, fire_at, channel, next_attempt_at, updated_at)
    SELECT s.reminder_id, s.fire_at, c.channel, s.fire_at, now()
    FROM reminder_agent.reminder_agent_schedule s CROSS JOIN LATERAL unnest(s.channels) AS c(channel)
    WHERE s.reminder_id = ANY(${ids}::uuid[]) AND s.fire_at IS NOT NULL
    ON CONFLICT (reminder_id, fire_at, channel) DO UPDATE
      SET status = 'pending', next_attempt_at = EXCLUDED.next_attempt_at, updated_at = now()
      WHERE reminder_agent_deliveries.status = 'cancelled'`;
  return applied.length;
}

async function applySubscriptionEvent(tx: Prisma.TransactionClient, event: ReminderTopicEvent): Promise<void> {
  if (event.type === 'push-subscription.registered') {
    const { subscriptionId, userId, endpoint, keys } = event.data;
    await tx.reminderAgentPushSubscription.upsert({
      where: { id: subscriptionId },
      create: { id: subscriptionId, userId, endpoint, p256dh: keys.p256dh, auth: keys.auth },
      update: {},
    });
  } else if (event.type === 'push-subscription.removed') {
    await tx.reminderAgentPushSubscription.updateMany({
      where: { id: event.data.subscriptionId, removedAt: null },
      data: { removedAt: new Date(event.data.occurredAt) },
    });
  }
}
