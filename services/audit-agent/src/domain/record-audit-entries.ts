import {
  AppId,
  type AuditEntryRecordedData,
  AuditEntryRecordedType,
  type TaskTopicEvent,
  Topic,
} from '@taskmesh/contracts';
import { Prisma, type PrismaClient } from '@taskmesh/db';
import { recordEvents } from '@taskmesh/outbox';
import { type AuditRow, auditColumns, auditFields } from './audit-row';

/** The audit_entries columns one event fills (task_id null for project events). */
interface EntryColumns {
  task_id: string | null;
  project_id: string | null;
  owner_id: string;
  task_version: number;
  before: unknown;
  after: unknown;
}

/**
 * What each kind of task-events event puts in its entry (issue 19): task
 * changes keep the task's snapshots, comments the comment's, project changes
 * the project's; a membership change names the member and their role before
 * and after. Project events have no task, and their owner is the project's.
 */
export function entryColumns(event: TaskTopicEvent): EntryColumns {
  switch (event.type) {
    case 'comment.added':
    case 'comment.edited':
    case 'comment.deleted': {
      const { data } = event;
      return {
        task_id: data.taskId,
        project_id: data.projectId,
        owner_id: data.userId,
        task_version: data.version,
        before: data.before ?? null,
        after: data.comment,
      };
    }
    case 'project.created':
    case 'project.updated':
    case 'project.deleted':
    case 'project.restored': {
      const { data } = event;
      return {
        task_id: null,
        project_id: data.projectId,
        owner_id: data.project.ownerId,
        task_version: data.version,
        before: data.before ?? null,
        after: data.project,
      };
    }
    case 'project.member-added':
    case 'project.member-role-changed':
    case 'project.member-removed':
    case 'project.ownership-transferred': {
      const { data } = event;
      return {
        task_id: null,
        project_id: data.projectId,
        owner_id: data.project.ownerId,
        task_version: data.version,
        before: data.roleBefore === null ? null : { memberId: data.memberId, role: data.roleBefore },
        after: { memberId: data.memberId, role: data.roleAfter, reason: data.reason },
      };
    }
    case 'access-token.created':
    case 'access-token.revoked': {
      // The account's own history (issue 20): no task, no project; the token as it was made or revoked.
      const { data } = event;
      return {
        task_id: null,
        project_id: null,
        owner_id: data.userId,
        task_version: data.version,
        before: null,
        after: { tokenId: data.tokenId, ...data.token },
      };
    }
    default: {
      // Task changes, assignments included (their snapshots name the assignees).
      const { data } = event;
      return {
        task_id: data.taskId,
        // Events from before issue 19 carry no project anywhere: null.
        project_id: data.projectId ?? data.after.projectId ?? null,
        owner_id: data.userId,
        task_version: data.version,
        before: 'before' in data ? data.before : null,
        after: data.after,
      };
    }
  }
}

/**
 * Stores one audit row per event, a whole delivery batch in one statement.
 * The event id is unique in the table, so a redelivered, replayed or
 * duplicated event changes nothing: that unique key is this consumer's record
 * of what it has handled. Each new row is also recorded in audit-agent's
 * outbox for the audit-logs topic, in the same transaction.
 */
export async function recordAuditEntries(
  prisma: PrismaClient,
  events: TaskTopicEvent[],
): Promise<{ recorded: number; duplicates: number }> {
  const unique = [...new Map(events.map((event) => [event.id, event])).values()];
  // Each audit-logs event continues the trace of the task event it records
  // (one bulk delivery carries events of many traces).
  const traceOf = new Map(unique.map((event) => [event.id, event.traceparent]));
  if (unique.length === 0) return { recorded: 0, duplicates: events.length };
  // One JSON parameter for the whole batch: thousands of bind parameters cost
  // Prisma far more than Postgres unpacking one document.
  const rows = unique.map((event) => ({
    event_id: event.id,
    event_type: event.type,
    source: event.source,
    actor_id: event.data.actorId,
    via_token_id: 'viaTokenId' in event.data ? (event.data.viaTokenId ?? null) : null,
    occurred_at: event.data.occurredAt,
    ...entryColumns(event),
  }));
  return prisma.$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<AuditRow[]>`
      INSERT INTO audit_agent.audit_entries (event_id, event_type, source, task_id, project_id, owner_id, actor_id,
        via_token_id, task_version, occurred_at, before, after)
      SELECT e.event_id, e.event_type, e.source, e.task_id::uuid, e.project_id::uuid, e.owner_id::uuid, e.actor_id,
        e.via_token_id::uuid, e.task_version, e.occurred_at::timestamptz, e.before, e.after
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e(event_id text, event_type text, source text,
        task_id text, project_id text, owner_id text, actor_id text, via_token_id text, task_version int,
        occurred_at text, before jsonb, after jsonb)
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
          // A task's entries in order; a project's (no task) in order too.
          key: row.task_id ?? row.project_id ?? row.event_id,
          data,
          occurredAt: row.recorded_at,
          traceparent: traceOf.get(row.event_id),
        };
      }),
    );
    return { recorded: inserted.length, duplicates: events.length - inserted.length };
  });
}
