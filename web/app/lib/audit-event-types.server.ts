import { taskTopicEventTypes } from '@taskmesh/contracts';

/**
 * The event types the audit log records, from the contracts' own union, so a new
 * event appears in the admin filter without a second list here. Server-only: the
 * browser bundle takes only types from contracts; the loader passes the list down.
 */
export const auditEventTypes: readonly string[] = taskTopicEventTypes;
