import { z } from 'zod';
import { cloudEvent } from './envelope';

/**
 * One stored audit entry, on `audit-logs` (90 days) for analytics consumers.
 * Published by audit-agent through its own outbox after the entry is stored.
 */
export const AuditEntryRecordedType = 'audit.entry-recorded';

export const AuditEntryRecordedData = z.object({
  entryId: z.string(),
  /** The task-events event this entry records. */
  eventId: z.string(),
  eventType: z.string(),
  /** Null for project and membership events (issue 19). */
  taskId: z.string().uuid().nullable(),
  /** The project the event belongs to; null for events from before projects (issue 19). */
  projectId: z.string().uuid().nullable(),
  /** The task's owner, or for project events the project's owner. */
  ownerId: z.string().uuid(),
  actorId: z.string(),
  /** The personal access token the change was made with (issue 20); null otherwise, absent in older events. */
  viaTokenId: z.string().uuid().nullish(),
  /** The task's version (the project's, for project events). */
  taskVersion: z.number().int(),
  occurredAt: z.string().datetime({ offset: true }),
  recordedAt: z.string().datetime({ offset: true }),
  /**
   * What changed, before and after: the task for task events, the comment for
   * comment events, the project for project events, and
   * `{memberId, role, reason}` for membership events.
   */
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntryRecordedData = z.infer<typeof AuditEntryRecordedData>;

export const AuditEntryRecorded = cloudEvent(AuditEntryRecordedType, AuditEntryRecordedData);
export type AuditEntryRecorded = z.infer<typeof AuditEntryRecorded>;
