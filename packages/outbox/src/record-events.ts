import { randomUUID } from 'node:crypto';
import { Prisma } from '@taskmesh/db';
import { traceContext } from '@taskmesh/platform';

/**
 * Each service that publishes owns one outbox table of this shape (see
 * prisma/schema.prisma), in its own schema: the name is schema-qualified
 * because no service role has a search path into its schema (issue 16).
 */
export type OutboxTable =
  | 'tasks_api.outbox_events'
  | 'audit_agent.audit_outbox_events'
  | 'reminder_agent.reminder_agent_outbox_events';

export interface OutboxEntry {
  topic: string;
  type: string;
  /** CloudEvent subject and Kafka partition key (the task id): one task's events stay in order. */
  key: string;
  data: Record<string, unknown>;
  occurredAt: Date;
  /** The trace this event continues, when it is not the current request's (an agent reacting to an event). */
  traceparent?: string;
}

/**
 * Records events in an outbox table inside the caller's transaction, so the
 * state change and its events commit together or not at all. Each outbox id
 * becomes the CloudEvent id that every consumer deduplicates by.
 */
export async function recordEvents(
  tx: Prisma.TransactionClient,
  table: OutboxTable,
  source: string,
  entries: OutboxEntry[],
): Promise<string[]> {
  if (entries.length === 0) return [];
  const ids = entries.map(() => randomUUID());
  // The caller's trace (from its sidecar) goes into each event: Dapr keeps a
  // CloudEvent's own traceid/traceparent when it publishes, and continues that
  // trace when it delivers, so API call, event and agent share one trace even
  // though the relay publishes later, outside the request.
  const trace = traceContext();
  const traceFields = (entry: OutboxEntry) => {
    // An entry's own trace (an agent continuing an event's) has no tracestate from this request.
    const [traceparent, tracestate] = entry.traceparent
      ? [entry.traceparent, '']
      : [trace?.traceparent, trace?.tracestate ?? ''];
    return traceparent ? { traceparent, traceid: traceparent, tracestate } : {};
  };
  const rows = entries.map((entry, i) => {
    const id = ids[i] as string;
    const cloudEvent = {
      specversion: '1.0',
      id,
      type: entry.type,
      source,
      subject: entry.key,
      time: entry.occurredAt.toISOString(),
      datacontenttype: 'application/json',
      ...traceFields(entry),
      data: entry.data,
    };
    return {
      id,
      topic: entry.topic,
      partition_key: entry.key,
      event_type: entry.type,
      payload: cloudEvent,
      created_at: entry.occurredAt,
    };
  });
  // One statement with one JSON parameter (cheaper than a bind parameter per
  // column and row); WITH ORDINALITY keeps seq in the order of the entries.
  await tx.$executeRaw`
    INSERT INTO ${Prisma.raw(table)} (id, topic, partition_key, event_type, payload, created_at)
    SELECT (e.value->>'id')::uuid, e.value->>'topic', e.value->>'partition_key', e.value->>'event_type',
      e.value->'payload', (e.value->>'created_at')::timestamptz
    FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS e(value, n)
    ORDER BY e.n`;
  return ids;
}
