import { AppId, type AuditEntryRecordedData, AuditEntryRecordedType, type TaskEvent, Topic } from '@taskmesh/contracts';
import { Prisma, type PrismaClient } from '@taskmesh/db';
import { recordEvents } from '@taskmesh/outbox';
import { type AuditRow, auditColumns, auditFields } from './audit-row';

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
  // Each audit-logs event continues the trace of the task event it records
  // (one bulk delivery carries events of many traces).
  const traceOf = new Map(unique.map((event) => [event.id, event.traceparent]));
  if (unique.length === 0) return { recorded: 0, duplicates: events.length };
  // One JSON parameter for the whole batch: thousands of bind parameters cost
  // Prisma far more than Postgres unpacking one document.
  const rows = unique.map(({ id, type, source, data }) => ({
    event_id: id,
    event_type: type,
    source,
    task_id: data.taskId,
    owner_id: data.userId,
    actor_id: data.actorId,
    task_version: data.version,
    occurred_at: data.occurredAt,
    before: 'before' in data ? data.before : null,
    after: data.after,
  }));
  return prisma.$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<AuditRow[]>`
      INSERT INTO audit_agent.audit_entries (event_id, event_type, source, task_id, owner_id, actor_id, task_version, occurred_at, before, after)
      SELECT e.event_id, e.event_type, e.source, e.task_id::uuid, e.owner_id::uuid, e.actor_id, e.task_version,
        e.occurred_at::timestamptz, e.before, e.after
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e(event_id text, event_type text, source text,
        task_id text, owner_id text, actor_id text, task_version int, occurred_at text, before jsonb, after jsonb)
      ON CONFLICT (event_id) DO NOTHING
      RETURNING ${Prisma.raw(auditColumns)}`;
    await recordEvents(
      tx,
      'audit_agent.audit_outbox_events',
      AppId.auditAgent,
      inserted.map((row) => {
        const data: AuditEntryRecordedData = { entryId: row.id.toString(), ...auditFields(row) };
        return {
          topic: Topic.auditLogs,
          type: AuditEntryRecordedType,
          key: row.task_id,
          data,
          occurredAt: row.recorded_at,
          traceparent: traceOf.get(row.event_id),
        };
      }),
    );
    return { recorded: inserted.length, duplicates: events.length - inserted.length };
  });
}
