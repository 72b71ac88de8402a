import { z } from 'zod';
import { AccessTokenEvent } from './access-token-events';
import { CommentEvent } from './comment-events';
import { ProjectEvent } from './project-events';
import { TaskAssigned, TaskUnassigned } from './task-assigned';
import { TaskCompleted } from './task-completed';
import { TaskCreated } from './task-created';
import { TaskDeleted } from './task-deleted';
import { TaskReopened } from './task-reopened';
import { TaskRestored } from './task-restored';
import { TaskUpdated } from './task-updated';

/** A change of a task's state: each gives the task a new version. */
export const TaskEvent = z.discriminatedUnion('type', [
  TaskCreated,
  TaskUpdated,
  TaskCompleted,
  TaskReopened,
  TaskDeleted,
  TaskRestored,
  TaskAssigned,
  TaskUnassigned,
]);
export type TaskEvent = z.infer<typeof TaskEvent>;
export type TaskEventType = TaskEvent['type'];

/**
 * Any event on the task-events topic: task changes, comments (issue 19),
 * project and membership changes (issue 19) and personal access tokens made
 * and revoked (issue 20). Each consumer acts on the types it needs and skips
 * the rest.
 */
export const TaskTopicEvent = z.discriminatedUnion('type', [
  ...TaskEvent.options,
  ...CommentEvent.options,
  ...ProjectEvent.options,
  ...AccessTokenEvent.options,
]);
export type TaskTopicEvent = z.infer<typeof TaskTopicEvent>;
export type TaskTopicEventType = TaskTopicEvent['type'];

/** Every type on the task-events topic, in the order above (the audit log's filter lists them). */
export const taskTopicEventTypes: readonly TaskTopicEventType[] = TaskTopicEvent.options.map((o) => o.shape.type.value);

/**
 * What an outbound webhook may subscribe to (issue 20): task changes, comments,
 * and project and membership changes; not the account's own events (personal
 * access tokens made or revoked), which stay in the audit log. webhook-agent
 * validates against it and web offers it.
 */
export const webhookEventTypes: readonly string[] = [
  ...TaskEvent.options,
  ...CommentEvent.options,
  ...ProjectEvent.options,
].map((o) => o.shape.type.value);

/** What a webhook receives when it names no types: every change of a task. */
export const defaultWebhookEventTypes: readonly string[] = TaskEvent.options.map((o) => o.shape.type.value).sort();
