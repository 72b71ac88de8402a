import { AppId, type AuditEntryRecordedData, AuditEntryRecordedType, type TaskEvent, Topic } from '@taskmesh/contracts';
import { Prisma, type PrismaClient } from '@taskmesh/db';
import { recordEvents } from '@taskmesh/outbox';

interface InsertedRow {
  id: bigint;
  event_id: string;
  event_type: string;
  task_id: string;
  owner_id: string;
  actor_id: string;
  task_version: number;
  occurred_at: Date;
  recorded_at: Date;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

/**
 * Stores one audit row per event, a whole delivery batch in one statement.
 * The event id is unique in the table, so a redelivered, replayed or
 * duplicated event changes nothing: that unique key is this consumer's record
 * of what it has handled. Each new row is also recorded in audit-agent's
 * outbox for the audit-logs topic, in the same transaction.
 */
export async function recordAuditEntries(
  prisma: PrismaClient,
  events: TaskEvent[],
): Promise<{ recorded: number; duplicates: number }> {
  const unique = [...new Map(events.map((event) => [event.id, event])).values()];
  if (unique.length === 0) return { recorded: 0, duplicates: events.length };
  const values = unique.map(({ id, type, source, data }) => {
    const before = 'before' in data ? data.before : null;
    return Prisma.sql`(${id}, ${type}, ${source}, ${data.taskId}::uuid, ${data.userId}::uuid, ${data.actorId},
      ${data.version}, ${new Date(data.occurredAt)}, ${json(before)}::jsonb, ${json(data.after)}::jsonb)`;
  });
  return prisma.$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<InsertedRow[]>`
      INSERT INTO audit_entries (event_id, event_type, source, task_id, owner_id, actor_id, task_version, occurred_at, before, after)
      VALUES ${Prisma.join(values)}
      ON CONFLICT (event_id) DO NOTHING
      RETURNING id, event_id, event_type, task_id::text AS task_id, owner_id::text AS owner_id, actor_id,
        task_version, occurred_at, recorded_at, before, after`;
    await recordEvents(
      tx,
      'audit_outbox_events',
      AppId.auditAgent,
      inserted.map((row) => {
        const data: AuditEntryRecordedData = {
          entryId: row.id.toString(),
          eventId: row.event_id,
          eventType: row.event_type,
          taskId: row.task_id,
          ownerId: row.owner_id,
          actorId: row.actor_id,
          taskVersion: row.task_version,
          occurredAt: row.occurred_at.toISOString(),
          recordedAt: row.recorded_at.toISOString(),
          before: row.before,
          after: row.after,
        };
        return {
          topic: Topic.auditLogs,
          type: AuditEntryRecordedType,
          key: row.task_id,
          data,
          occurredAt: row.recorded_at,
        };
      }),
    );
    return { recorded: inserted.length, duplicates: events.length - inserted.length };
  });
}
