import type { PrismaClient } from '@taskmesh/db';
import { z } from 'zod';

export const ListAuditEntriesQuery = z
  .object({
    taskId: z.string().uuid().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type ListAuditEntriesQuery = z.infer<typeof ListAuditEntriesQuery>;

/** Audit entries in the order they happened. */
export async function listAuditEntries(prisma: PrismaClient, query: ListAuditEntriesQuery) {
  const rows = await prisma.auditEntry.findMany({
    where: { ...(query.taskId ? { taskId: query.taskId } : {}) },
    orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
    take: query.limit,
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    eventId: row.eventId,
    eventType: row.eventType,
    source: row.source,
    taskId: row.taskId,
    ownerId: row.ownerId,
    actorId: row.actorId,
    taskVersion: row.taskVersion,
    occurredAt: row.occurredAt.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
    before: row.before,
    after: row.after,
  }));
}
