import { AppId, type SessionEndedData, SessionEndedType, Topic } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import { recordEvents } from '@taskmesh/outbox';

/** Records session.ended in the caller's transaction (keyed by user id; realtime-sync closes the session's sockets). */
export async function recordSessionEnded(tx: Prisma.TransactionClient, data: SessionEndedData): Promise<void> {
  await recordEvents(tx, 'outbox_events', AppId.tasksApi, [
    { topic: Topic.sessions, type: SessionEndedType, key: data.userId, data, occurredAt: new Date(data.occurredAt) },
  ]);
}
