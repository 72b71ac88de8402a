import type { TaskEvent } from '@taskmesh/contracts';
import type { Prisma, PrismaClient } from '@taskmesh/db';

/**
 * Stores one audit row per event. The event id is unique in the table, so a
 * redelivered or replayed event changes nothing: that unique key is this
 * consumer's record of what it has handled.
 */
export async function recordAuditEntry(prisma: PrismaClient, event: TaskEvent): Promise<'recorded' | 'duplicate'> {
  const { data } = event;
  const result = await prisma.auditEntry.createMany({
    data: [
      {
        eventId: event.id,
        eventType: event.type,
        source: event.source,
        taskId: data.taskId,
        ownerId: data.userId,
        actorId: data.actorId,
        taskVersion: data.version,
        occurredAt: new Date(data.occurredAt),
        before: ('before' in data ? data.before : undefined) as Prisma.InputJsonValue | undefined,
        after: data.after as Prisma.InputJsonValue,
      },
    ],
    skipDuplicates: true,
  });
  return result.count === 1 ? 'recorded' : 'duplicate';
}
