import { z } from 'zod';
import { cloudEvent } from './envelope';

/**
 * One stored audit entry, on `audit-logs` (90 days) for analytics consumers.
 * Published by audit-agent through its own outbox after the entry is stored.
 */
export const AuditEntryRecordedType = 'audit.entry-recorded';

export const AuditEntryRecordedData = z.object({
  entryId: z.string(),
  /** The task event this entry records. */
  eventId: z.string(),
  eventType: z.string(),
  taskId: z.string().uuid(),
  ownerId: z.string().uuid(),
  actorId: z.string(),
  taskVersion: z.number().int(),
  occurredAt: z.string().datetime({ offset: true }),
  recordedAt: z.string().datetime({ offset: true }),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntryRecordedData = z.infer<typeof AuditEntryRecordedData>;

export const AuditEntryRecorded = cloudEvent(AuditEntryRecordedType, AuditEntryRecordedData);
export type AuditEntryRecorded = z.infer<typeof AuditEntryRecorded>;
