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
import { type OutboxEntry, recordEvents } from '@taskmesh/outbox';

export interface TaskChange {
  type: TaskEventType;
  actorId: string;
  /** The personal access token the change was made with (issue 20), if any: the audit log names it. */
  viaTokenId?: string | undefined;
  before?: TaskSnapshot;
  after: TaskSnapshot;
  changes?: string[];
  /** task.assigned / task.unassigned: who. */
  assigneeId?: string;
  occurredAt: Date;
}

/**
 * The project's next update number (task-updates `seq`), taken in this
 * transaction, so updates are numbered in commit order per project: every
 * member's browser resumes from the last one it saw (issue 19).
 */
export async function nextUpdateSeq(tx: Prisma.TransactionClient, projectId: string): Promise<number> {
  return (await nextUpdateSeqs(tx, projectId, 1))[0] as number;
}

/** The project's next `count` update numbers, in one statement (a batch of changes, issue 20's import). */
async function nextUpdateSeqs(tx: Prisma.TransactionClient, projectId: string, count: number): Promise<number[]> {
  const [{ seq } = { seq: 0 }] = await tx.$queryRaw<Array<{ seq: number }>>`
    UPDATE tasks_api.projects SET update_seq = update_seq + ${count}::int WHERE id = ${projectId}::uuid
    RETURNING update_seq AS seq`;
  return Array.from({ length: count }, (_, i) => seq - count + 1 + i);
}

/**
 * Records the events of one task change in the caller's transaction: the
 * lifecycle event on task-events and the compact new state on task-updates.
 */
export async function recordTaskChange(tx: Prisma.TransactionClient, change: TaskChange): Promise<void> {
  await recordTaskChanges(tx, [change]);
}

/**
 * Records the events of several task changes in the caller's transaction, in
 * their order: one update-number statement per project and one outbox
 * statement for all (an import's batch of new tasks, issue 20).
 */
export async function recordTaskChanges(tx: Prisma.TransactionClient, changes: TaskChange[]): Promise<void> {
  const counts = new Map<string, number>();
  for (const { after } of changes)
    counts.set(after.projectId as string, (counts.get(after.projectId as string) ?? 0) + 1);
  const seqs = new Map<string, number[]>();
  for (const [projectId, count] of counts) seqs.set(projectId, await nextUpdateSeqs(tx, projectId, count));
  const entries: OutboxEntry[] = [];
  for (const change of changes) {
    const { after } = change;
    const occurredAt = change.occurredAt.toISOString();
    const projectId = after.projectId as string;
    const compact: TaskChangedData = {
      taskId: after.id,
      userId: after.ownerId,
      projectId,
      version: after.version,
      seq: seqs.get(projectId)?.shift() as number,
      cause: change.type,
      deleted: after.deletedAt !== null,
      task: after,
      occurredAt,
    };
    entries.push(
      {
        topic: Topic.taskEvents,
        type: change.type,
        key: after.id,
        occurredAt: change.occurredAt,
        data: {
          taskId: after.id,
          userId: after.ownerId,
          projectId,
          actorId: change.actorId,
          ...(change.viaTokenId ? { viaTokenId: change.viaTokenId } : {}),
          version: after.version,
          occurredAt,
          ...(change.before ? { before: change.before } : {}),
          after,
          ...(change.type === TaskUpdatedType ? { changes: change.changes ?? [] } : {}),
          ...(change.assigneeId ? { assigneeId: change.assigneeId } : {}),
        },
      },
      { topic: Topic.taskUpdates, type: TaskChangedType, key: after.id, occurredAt: change.occurredAt, data: compact },
      ...(await movedOutOf(tx, change, compact)),
    );
  }
  await recordEvents(tx, 'tasks_api.outbox_events', AppId.tasksApi, entries);
}

/**
 * A task moved to another project: the old project's members must learn that
 * it left (their lists still show it), so its room gets a copy too, numbered
 * in the old project's sequence. It carries the task as it was before the
 * move: they may not see the project it went to (issue 19).
 */
async function movedOutOf(tx: Prisma.TransactionClient, change: TaskChange, compact: TaskChangedData) {
  const from = change.before?.projectId;
  if (!change.before || !from || from === compact.projectId) return [];
  const data: TaskChangedData = {
    ...compact,
    projectId: from,
    seq: await nextUpdateSeq(tx, from),
    movedOut: true,
    task: change.before,
  };
  return [
    { topic: Topic.taskUpdates, type: TaskChangedType, key: compact.taskId, occurredAt: change.occurredAt, data },
  ];
}
