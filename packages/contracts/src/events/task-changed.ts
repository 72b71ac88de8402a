import { z } from 'zod';
import { ProjectRole } from '../project-snapshot';
import { TaskSnapshot } from '../task-snapshot';
import { CommentView } from './comment-events';
import { cloudEvent } from './envelope';

/**
 * The compact new state of a task, on `task-updates`, for realtime clients:
 * every change (create, update, complete, reopen, delete, restore, assign)
 * becomes one of these. Clients keep the highest version they have seen and
 * drop older ones.
 */
export const TaskChangedType = 'task.changed';

export const TaskChangedData = z.object({
  taskId: z.string().uuid(),
  /** The task's owner (its creator). */
  userId: z.string().uuid(),
  /**
   * The task's project (issue 19): realtime-sync sends the update to the
   * project's room, i.e. to every member. Absent in events from before
   * projects existed (those went to the owner alone).
   */
  projectId: z.string().uuid().optional(),
  version: z.number().int().positive(),
  /**
   * The update sequence: 1, 2, 3, ... over all updates of the project (before
   * issue 19: of the owner), so a reconnecting client can ask for what came
   * after the last one it saw. Absent in events from before it existed.
   */
  seq: z.number().int().positive().optional(),
  /** The task event this state results from. */
  cause: z.enum([
    'task.created',
    'task.updated',
    'task.completed',
    'task.reopened',
    'task.deleted',
    'task.restored',
    'task.assigned',
    'task.unassigned',
  ]),
  deleted: z.boolean(),
  /**
   * Set on the copy for the project a task moved out of (issue 19): its
   * members learn that it left, and `task` is its state before the move (what
   * they could see), since they may not see the project it went to. `seq` is
   * then the old project's; the copy for the new project is an ordinary update.
   */
  movedOut: z.boolean().optional(),
  task: TaskSnapshot,
  occurredAt: z.string().datetime({ offset: true }),
});
export type TaskChangedData = z.infer<typeof TaskChangedData>;

export const TaskChanged = cloudEvent(TaskChangedType, TaskChangedData);
export type TaskChanged = z.infer<typeof TaskChanged>;

/**
 * A comment was added, edited or deleted (issue 19), on `task-updates` for the
 * project's room; it takes the next number of the project's update sequence,
 * so replay on reconnect brings missed comments too.
 */
export const CommentChangedType = 'comment.changed';
export const CommentChangedData = z.object({
  projectId: z.string().uuid(),
  taskId: z.string().uuid(),
  seq: z.number().int().positive(),
  cause: z.enum(['comment.added', 'comment.edited', 'comment.deleted']),
  comment: CommentView,
  occurredAt: z.string().datetime({ offset: true }),
});
export type CommentChangedData = z.infer<typeof CommentChangedData>;
export const CommentChanged = cloudEvent(CommentChangedType, CommentChangedData);
export type CommentChanged = z.infer<typeof CommentChanged>;

/**
 * Someone's access to a project changed (issue 19): realtime-sync joins the
 * member's open sockets to the project's room (role set) or takes them out of
 * it (role null: removed, left, or the project deleted), without a reconnect.
 * Partition key: the project id.
 */
export const ProjectAccessChangedType = 'project.access-changed';
export const ProjectAccessChangedData = z.object({
  projectId: z.string().uuid(),
  userId: z.string().uuid(),
  /** The member's role now; null when they no longer see the project. */
  role: ProjectRole.nullable(),
  /** The project's update sequence at the change (a new member catches up from here). */
  seq: z.number().int().min(0),
  occurredAt: z.string().datetime({ offset: true }),
});
export type ProjectAccessChangedData = z.infer<typeof ProjectAccessChangedData>;
export const ProjectAccessChanged = cloudEvent(ProjectAccessChangedType, ProjectAccessChangedData);
export type ProjectAccessChanged = z.infer<typeof ProjectAccessChanged>;

/** Any event on task-updates. */
export const TaskUpdatesEvent = z.discriminatedUnion('type', [TaskChanged, CommentChanged, ProjectAccessChanged]);
export type TaskUpdatesEvent = z.infer<typeof TaskUpdatesEvent>;
