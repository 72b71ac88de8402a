import { z } from 'zod';
import { TaskSnapshot } from '../task-snapshot';
import { cloudEvent } from './envelope';

/**
 * The compact new state of a task, on `task-updates`, for realtime clients:
 * every change (create, update, complete, reopen, delete, restore) becomes one of these.
 * Clients keep the highest version they have seen and drop older ones.
 */
export const TaskChangedType = 'task.changed';

export const TaskChangedData = z.object({
  taskId: z.string().uuid(),
  userId: z.string().uuid(),
  version: z.number().int().positive(),
  /**
   * The owner's update sequence: 1, 2, 3, ... over all of their tasks, so a
   * reconnecting client can ask for what came after the last one it saw.
   * Absent in events from before it existed.
   */
  seq: z.number().int().positive().optional(),
  /** The task event this state results from. */
  cause: z.enum(['task.created', 'task.updated', 'task.completed', 'task.reopened', 'task.deleted', 'task.restored']),
  deleted: z.boolean(),
  task: TaskSnapshot,
  occurredAt: z.string().datetime({ offset: true }),
});
export type TaskChangedData = z.infer<typeof TaskChangedData>;

export const TaskChanged = cloudEvent(TaskChangedType, TaskChangedData);
export type TaskChanged = z.infer<typeof TaskChanged>;
