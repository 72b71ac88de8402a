import {
  AppId,
  type TaskChangedData,
  TaskChangedType,
  type TaskEventType,
  type TaskSnapshot,
  TaskUpdatedType,
  Topic,
} from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import { recordEvents } from '@taskmesh/outbox';

export interface TaskChange {
  type: TaskEventType;
  actorId: string;
  before?: TaskSnapshot;
  after: TaskSnapshot;
  changes?: string[];
  occurredAt: Date;
}

/**
 * Records the events of one task change in the caller's transaction: the
 * lifecycle event on task-events and the compact new state on task-updates.
 */
export async function recordTaskChange(tx: Prisma.TransactionClient, change: TaskChange): Promise<void> {
  const { after } = change;
  const occurredAt = change.occurredAt.toISOString();
  // The owner's next update number, taken in this transaction (so in commit order per user).
  const [{ seq } = { seq: 0 }] = await tx.$queryRaw<Array<{ seq: number }>>`
    UPDATE users SET update_seq = update_seq + 1 WHERE id = ${after.ownerId}::uuid RETURNING update_seq AS seq`;
  const compact: TaskChangedData = {
    taskId: after.id,
    userId: after.ownerId,
    version: after.version,
    seq,
    cause: change.type,
    deleted: after.deletedAt !== null,
    task: after,
    occurredAt,
  };
  await recordEvents(tx, 'outbox_events', AppId.tasksApi, [
    {
      topic: Topic.taskEvents,
      type: change.type,
      key: after.id,
      occurredAt: change.occurredAt,
      data: {
        taskId: after.id,
        userId: after.ownerId,
        actorId: change.actorId,
        version: after.version,
        occurredAt,
        ...(change.before ? { before: change.before } : {}),
        after,
        ...(change.type === TaskUpdatedType ? { changes: change.changes ?? [] } : {}),
      },
    },
    { topic: Topic.taskUpdates, type: TaskChangedType, key: after.id, occurredAt: change.occurredAt, data: compact },
  ]);
}
