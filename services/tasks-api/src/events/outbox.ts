import { randomUUID } from 'node:crypto';
import { AppId, type Topic } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';

export interface OutboxEntry {
  topic: Topic;
  type: string;
  /** The task id: CloudEvent subject and Kafka partition key, so one task's events stay in order. */
  taskId: string;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * Records events in the outbox inside the caller's transaction, so the state
 * change and its events commit together or not at all. Each outbox id becomes
 * the CloudEvent id that every consumer deduplicates by.
 */
export async function recordEvents(tx: Prisma.TransactionClient, entries: OutboxEntry[]): Promise<string[]> {
  const rows = entries.map((entry) => {
    const id = randomUUID();
    const cloudEvent = {
      specversion: '1.0',
      id,
      type: entry.type,
      source: AppId.tasksApi,
      subject: entry.taskId,
      time: entry.occurredAt.toISOString(),
      datacontenttype: 'application/json',
      data: entry.data,
    };
    return {
      id,
      topic: entry.topic,
      partitionKey: entry.taskId,
      eventType: entry.type,
      payload: cloudEvent as Prisma.InputJsonValue,
      createdAt: entry.occurredAt,
    };
  });
  // One statement; rows keep their order (seq follows insertion order).
  await tx.outboxEvent.createMany({ data: rows });
  return rows.map((row) => row.id);
}
