/** An audit_entries row as SQL returns it (the ids and uuids cast to text). */
export interface AuditRow {
  id: bigint;
  event_id: string;
  event_type: string;
  source: string;
  /** Null for project and membership events (issue 19). */
  task_id: string | null;
  /** Null for events from before projects existed. */
  project_id: string | null;
  owner_id: string;
  actor_id: string;
  /** The personal access token the change was made with (issue 20). */
  via_token_id: string | null;
  task_version: number;
  occurred_at: Date;
  recorded_at: Date;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The columns, in that shape. */
export const auditColumns = `id, event_id, event_type, source, task_id::text AS task_id, project_id::text AS project_id,
  owner_id::text AS owner_id, actor_id, via_token_id::text AS via_token_id, task_version, occurred_at, recorded_at, before, after`;

/** The fields every view of an entry shares (the query API, the audit-logs event). */
export function auditFields(row: AuditRow) {
  return {
    eventId: row.event_id,
    eventType: row.event_type,
    taskId: row.task_id,
    projectId: row.project_id,
    ownerId: row.owner_id,
    actorId: row.actor_id,
    viaTokenId: row.via_token_id,
    taskVersion: row.task_version,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    before: row.before,
    after: row.after,
  };
}
