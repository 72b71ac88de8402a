import type { NotificationRequested, ReminderTopicEvent } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';

export const isNotificationRequest = (event: ReminderTopicEvent): event is NotificationRequested =>
  event.type === 'notification.requested';

/**
 * Stores notification requests from tasks-api (issue 19: a member was
 * assigned or @mentioned) and makes their deliveries, in the transaction of
 * the batch. Idempotent by request id and by CloudEvent id: a redelivered or
 * republished event conflicts with the stored request and adds nothing, and
 * only newly stored requests get deliveries (unique per request and channel
 * besides). Channels: in-app always; email when the recipient chose it (the
 * sweep sends it only to a verified address, like reminder email); push when
 * they chose it and reminder-agent holds a live subscription of theirs, so a
 * member who never subscribed does not fill the dead-letter topic.
 */
export async function applyNotificationRequests(
  tx: Prisma.TransactionClient,
  events: NotificationRequested[],
): Promise<number> {
  if (events.length === 0) return 0;
  const rows = [...new Map(events.map((event) => [event.data.requestId, event])).values()].map(({ id, data }) => ({
    request_id: data.requestId,
    event_id: id,
    user_id: data.userId,
    kind: data.kind,
    task_id: data.taskId,
    project_id: data.projectId,
    actor_id: data.actor.id,
    actor_name: data.actor.name,
    task_title: data.task.title,
    excerpt: data.excerpt ?? null,
    channels: [...new Set(['in_app', ...data.channels])],
    recipient_email: data.recipient.email,
    recipient_zone: data.recipient.timeZone,
    occurred_at: data.occurredAt,
  }));
  // No conflict target: a repeat of either the request id or the event id is skipped.
  const stored = await tx.$queryRaw<Array<{ request_id: string }>>`
    INSERT INTO reminder_agent.reminder_agent_notification_requests (request_id, event_id, user_id, kind, task_id,
      project_id, actor_id, actor_name, task_title, excerpt, channels, recipient_email, recipient_zone, occurred_at,
      updated_at)
    SELECT r.request_id::uuid, r.event_id, r.user_id::uuid, r.kind, r.task_id::uuid, r.project_id::uuid,
      r.actor_id::uuid, r.actor_name, r.task_title, r.excerpt, r.channels, r.recipient_email, r.recipient_zone,
      r.occurred_at::timestamptz, now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(request_id text, event_id text, user_id text,
      kind text, task_id text, project_id text, actor_id text, actor_name text, task_title text, excerpt text,
      channels text[], recipient_email text, recipient_zone text, occurred_at text)
    ON CONFLICT DO NOTHING
    RETURNING request_id::text`;
  if (stored.length === 0) return 0;
  const ids = stored.map((row) => row.request_id);
  // Due at once: fire_at is when it happened (in-app notifications show it), the sweep takes it right away.
  await tx.$executeRaw`
    INSERT INTO reminder_agent.reminder_agent_deliveries (request_id, fire_at, channel, next_attempt_at, updated_at)
    SELECT r.request_id, r.occurred_at, c.channel, now(), now()
    FROM reminder_agent.reminder_agent_notification_requests r CROSS JOIN LATERAL unnest(r.channels) AS c(channel)
    WHERE r.request_id = ANY(${ids}::uuid[])
      AND (c.channel <> 'push' OR EXISTS (SELECT 1 FROM reminder_agent.reminder_agent_push_subscriptions p
        WHERE p.user_id = r.user_id AND p.removed_at IS NULL))
    ON CONFLICT (request_id, channel) DO NOTHING`;
  return stored.length;
}
