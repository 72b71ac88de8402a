import {
  AppId,
  deadLetterTopic,
  type NotificationCreatedData,
  NotificationCreatedType,
  type NotificationFailedData,
  NotificationFailedType,
  type NotificationView,
  type ReminderFailedData,
  ReminderFailedType,
  type ReminderSentData,
  ReminderSentType,
  Topic,
} from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import { type OutboxEntry, recordEvents } from '@taskmesh/outbox';
import type { ClaimedDelivery } from './claim-deliveries';
import type { ReminderMessage } from './reminder-message';

/** How one try of one delivery ended. */
export type Outcome =
  | { kind: 'sent'; delivery: ClaimedDelivery; message: ReminderMessage; at: Date }
  | { kind: 'retry'; delivery: ClaimedDelivery; error: string; retryAt: Date }
  | {
      kind: 'failed';
      delivery: ClaimedDelivery;
      error: string;
      at: Date;
      /** For the user to fix, not an operator (an unverified address): no dead letter. */
      usersToFix?: boolean;
    };

interface RecordedRow {
  id: bigint;
}

interface NotificationRow {
  id: string;
  user_id: string;
  task_id: string;
  kind: NonNullable<NotificationView['kind']>;
  reminder_id: string | null;
  title: string;
  body: string;
  url: string;
  fire_at: Date;
  created_at: Date;
}

/**
 * Records a batch of outcomes in one transaction: the delivery rows, the
 * in-app notifications (an in_app delivery is "sent" by storing its
 * notification here, so it happens exactly once), and the events for the
 * outbox: reminder.sent / reminder.failed on `reminders`, failures also on
 * the dead-letter topic, notification.created on `notifications`; for a
 * notification request (issue 19) only notification.created, and
 * notification.failed on the dead-letter topic when it failed. A row is
 * only updated while it is still at the try this replica claimed: if its
 * lease lapsed and another replica claimed it again, that replica records it.
 */
export async function recordOutcomes(prisma: PrismaClient, outcomes: Outcome[]): Promise<number> {
  if (outcomes.length === 0) return 0;
  const rows = outcomes.map((o) => ({
    id: o.delivery.deliveryId.toString(),
    attempts: o.delivery.attempts,
    status: o.kind === 'retry' ? 'pending' : o.kind,
    next_attempt_at: o.kind === 'retry' ? o.retryAt.toISOString() : null,
    error: o.kind === 'sent' ? null : o.error.slice(0, 1000),
    sent_at: o.kind === 'sent' ? o.at.toISOString() : null,
  }));
  return prisma.$transaction(async (tx) => {
    const updated = await tx.$queryRaw<RecordedRow[]>`
      UPDATE reminder_agent.reminder_agent_deliveries d SET
        status = o.status::reminder_agent."DeliveryStatus",
        next_attempt_at = COALESCE(o.next_attempt_at::timestamptz, d.next_attempt_at),
        lease_until = NULL,
        last_error = o.error,
        sent_at = o.sent_at::timestamptz,
        updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS o(id text, attempts int, status text, next_attempt_at text, error text, sent_at text)
      WHERE d.id = o.id::bigint AND d.attempts = o.attempts AND d.status = 'sending'
      RETURNING d.id`;
    const recorded = new Set(updated.map((row) => row.id));
    const mine = outcomes.filter((o) => recorded.has(o.delivery.deliveryId));
    const events: OutboxEntry[] = [];
    for (const outcome of mine) {
      const { delivery } = outcome;
      if (delivery.source === 'request') {
        // A request's outcome interests nobody but an operator, and only when it failed.
        if (outcome.kind !== 'failed' || outcome.usersToFix) continue;
        const data: NotificationFailedData = {
          requestId: delivery.requestId,
          kind: delivery.kind,
          taskId: delivery.taskId,
          userId: delivery.userId,
          channel: delivery.channel,
          attempts: delivery.attempts,
          error: outcome.error,
          failedAt: outcome.at.toISOString(),
        };
        events.push({
          topic: deadLetterTopic(Topic.reminders, AppId.reminderAgent),
          type: NotificationFailedType,
          key: delivery.userId,
          data,
          occurredAt: outcome.at,
        });
        continue;
      }
      const key = {
        reminderId: delivery.reminderId,
        taskId: delivery.taskId,
        userId: delivery.userId,
        fireAt: delivery.fireAt.toISOString(),
        channel: delivery.channel,
        attempts: delivery.attempts,
      };
      if (outcome.kind === 'sent') {
        const data: ReminderSentData = { ...key, sentAt: outcome.at.toISOString() };
        events.push({
          topic: Topic.reminders,
          type: ReminderSentType,
          key: delivery.taskId,
          data,
          occurredAt: outcome.at,
        });
      } else if (outcome.kind === 'failed') {
        const data: ReminderFailedData = { ...key, error: outcome.error, failedAt: outcome.at.toISOString() };
        const topics = outcome.usersToFix
          ? [Topic.reminders]
          : [Topic.reminders, deadLetterTopic(Topic.reminders, AppId.reminderAgent)];
        for (const topic of topics)
          events.push({ topic, type: ReminderFailedType, key: delivery.taskId, data, occurredAt: outcome.at });
      }
    }
    const inApp = mine.filter(
      (o): o is Extract<Outcome, { kind: 'sent' }> => o.kind === 'sent' && o.delivery.channel === 'in_app',
    );
    if (inApp.length > 0) {
      const notifications = inApp.map(({ delivery, message, at }) => ({
        user_id: delivery.userId,
        task_id: delivery.taskId,
        kind: delivery.source === 'request' ? delivery.kind : 'reminder',
        reminder_id: delivery.source === 'reminder' ? delivery.reminderId : null,
        request_id: delivery.source === 'request' ? delivery.requestId : null,
        fire_at: delivery.fireAt.toISOString(),
        title: message.subject,
        body: message.body,
        url: message.url,
        created_at: at.toISOString(),
      }));
      // No conflict target: one notification per firing of a reminder, and one per request.
      const created = await tx.$queryRaw<NotificationRow[]>`
        INSERT INTO reminder_agent.notifications (id, user_id, task_id, kind, reminder_id, request_id, fire_at, title,
          body, url, created_at, updated_at)
        SELECT gen_random_uuid(), n.user_id::uuid, n.task_id::uuid, n.kind, n.reminder_id::uuid, n.request_id::uuid,
          n.fire_at::timestamptz, n.title, n.body, n.url, n.created_at::timestamptz, n.created_at::timestamptz
        FROM jsonb_to_recordset(${JSON.stringify(notifications)}::jsonb) AS n(user_id text, task_id text, kind text,
          reminder_id text, request_id text, fire_at text, title text, body text, url text, created_at text)
        ON CONFLICT DO NOTHING
        RETURNING id::text, user_id::text, task_id::text, kind, reminder_id::text, title, body, url, fire_at, created_at`;
      const users = [...new Set(created.map((n) => n.user_id))];
      const counts = await tx.$queryRaw<Array<{ user_id: string; unread: number }>>`
        SELECT user_id::text, count(*)::int AS unread FROM reminder_agent.notifications
        WHERE user_id = ANY(${users}::uuid[]) AND read_at IS NULL GROUP BY user_id`;
      const unread = new Map(counts.map((c) => [c.user_id, c.unread]));
      for (const n of created) {
        const data: NotificationCreatedData = {
          notification: {
            id: n.id,
            userId: n.user_id,
            taskId: n.task_id,
            reminderId: n.reminder_id,
            kind: n.kind,
            title: n.title,
            body: n.body,
            url: n.url,
            fireAt: n.fire_at.toISOString(),
            createdAt: n.created_at.toISOString(),
            readAt: null,
          },
          unreadCount: unread.get(n.user_id) ?? 1,
        };
        events.push({
          topic: Topic.notifications,
          type: NotificationCreatedType,
          key: n.user_id,
          data,
          occurredAt: n.created_at,
        });
      }
    }
    await recordEvents(tx, 'reminder_agent.reminder_agent_outbox_events', AppId.reminderAgent, events);
    return mine.length;
  });
}
