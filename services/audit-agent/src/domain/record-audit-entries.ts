import { AppId, type AuditEntryRecordedData, AuditEntryRecordedType, type TaskEvent, Topic } from '@taskmesh/contracts';
import { Prisma, type PrismaClient } from '@taskmesh/db';
import { recordEvents } from '@taskmesh/outbox';
import { type AuditRow, auditColumns, auditFields } from './audit-row';

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
    const inserted = await tx.$queryRaw<AuditRow[]>`
      INSERT INTO audit_entries (event_id, event_type, source, task_id, owner_id, actor_id, task_version, occurred_at, before, after)
      VALUES ${Prisma.join(values)}
      ON CONFLICT (event_id) DO NOTHING
      RETURNING ${Prisma.raw(auditColumns)}`;
    await recordEvents(
      tx,
      'audit_outbox_events',
      AppId.auditAgent,
      inserted.map((row) => {
        const data: AuditEntryRecordedData = { entryId: row.id.toString(), ...auditFields(row) };
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
