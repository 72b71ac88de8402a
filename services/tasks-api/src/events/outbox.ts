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
 * Records an event in the outbox inside the caller's transaction, so the
 * state change and its event commit together or not at all. The outbox id
 * becomes the CloudEvent id that every consumer deduplicates by.
 */
export async function recordEvent(tx: Prisma.TransactionClient, entry: OutboxEntry): Promise<string> {
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
  await tx.outboxEvent.create({
    data: {
      id,
      topic: entry.topic,
      partitionKey: entry.taskId,
      eventType: entry.type,
      payload: cloudEvent as Prisma.InputJsonValue,
      createdAt: entry.occurredAt,
    },
  });
  return id;
}
