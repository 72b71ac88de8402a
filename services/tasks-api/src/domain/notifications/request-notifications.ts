import { randomUUID } from 'node:crypto';
import { AppId, type NotificationRequestedData, NotificationRequestedType, Topic } from '@taskmesh/contracts';
import type { Prisma, Task } from '@taskmesh/db';
import { recordEvents } from '@taskmesh/outbox';

export interface NotificationRequest {
  kind: NotificationRequestedData['kind'];
  /** Who is told; the actor is never told about their own doing. */
  recipientIds: string[];
  task: Pick<Task, 'id' | 'projectId' | 'title'>;
  actorId: string;
  excerpt?: string;
  now: Date;
}

/**
 * Asks reminder-agent to notify members (issue 19: assigned, @mentioned), in
 * the transaction of the change that causes it: notification.requested on
 * the reminders topic (partition key: the recipient), carrying what sending
 * needs (their email, zone and default channels, in-app always among them).
 */
export async function requestNotifications(tx: Prisma.TransactionClient, request: NotificationRequest): Promise<void> {
  const ids = [...new Set(request.recipientIds)].filter((id) => id !== request.actorId);
  if (ids.length === 0) return;
  const [actor, recipients] = await Promise.all([
    tx.user.findUniqueOrThrow({ where: { id: request.actorId }, select: { id: true, email: true, displayName: true } }),
    tx.user.findMany({
      where: { id: { in: ids } },
      select: { id: true, email: true, timeZone: true, defaultReminderChannels: true },
    }),
  ]);
  const occurredAt = request.now.toISOString();
  await recordEvents(
    tx,
    'tasks_api.outbox_events',
    AppId.tasksApi,
    recipients.map((recipient) => {
      const data: NotificationRequestedData = {
        requestId: randomUUID(),
        userId: recipient.id,
        kind: request.kind,
        taskId: request.task.id,
        projectId: request.task.projectId,
        actor: { id: actor.id, name: actor.displayName ?? actor.email },
        task: { title: request.task.title },
        ...(request.excerpt !== undefined ? { excerpt: request.excerpt } : {}),
        channels: [...new Set(['in_app' as const, ...recipient.defaultReminderChannels])],
        recipient: { email: recipient.email, timeZone: recipient.timeZone },
        occurredAt,
      };
      return {
        topic: Topic.reminders,
        type: NotificationRequestedType,
        key: recipient.id,
        occurredAt: request.now,
        data,
      };
    }),
  );
}
