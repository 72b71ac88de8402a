import {
  AppId,
  type CommentChangedData,
  CommentChangedType,
  type CommentEventData,
  type CommentEventType,
  type CommentView,
  Topic,
} from '@taskmesh/contracts';
import type { Prisma, Task } from '@taskmesh/db';
import { recordEvents } from '@taskmesh/outbox';
import { nextUpdateSeq } from '../tasks/task-events';

export interface CommentChange {
  type: CommentEventType;
  task: Task;
  actorId: string;
  viaTokenId?: string;
  comment: CommentView;
  before?: CommentView;
  newMentionIds: string[];
  now: Date;
}

/**
 * Records a comment change (issue 19): the comment event on task-events
 * (audit log, task history; the task's version is unchanged) and
 * comment.changed on task-updates, numbered in the project's update sequence
 * so members' browsers show it live and catch up on reconnect.
 */
export async function recordCommentChange(tx: Prisma.TransactionClient, change: CommentChange): Promise<void> {
  const { task, comment, now } = change;
  const occurredAt = now.toISOString();
  const data: CommentEventData = {
    taskId: task.id,
    userId: task.ownerId,
    projectId: task.projectId,
    actorId: change.actorId,
    ...(change.viaTokenId ? { viaTokenId: change.viaTokenId } : {}),
    version: task.version,
    occurredAt,
    comment,
    ...(change.before ? { before: change.before } : {}),
    newMentionIds: change.newMentionIds,
  };
  const live: CommentChangedData = {
    projectId: task.projectId,
    taskId: task.id,
    seq: await nextUpdateSeq(tx, task.projectId),
    cause: change.type,
    comment,
    occurredAt,
  };
  await recordEvents(tx, 'tasks_api.outbox_events', AppId.tasksApi, [
    { topic: Topic.taskEvents, type: change.type, key: task.id, occurredAt: now, data },
    { topic: Topic.taskUpdates, type: CommentChangedType, key: task.id, occurredAt: now, data: live },
  ]);
}
