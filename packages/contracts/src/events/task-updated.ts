import { z } from 'zod';
import { TaskSnapshot } from '../task-snapshot';
import { cloudEvent, taskEventBase } from './envelope';

export const TaskUpdatedType = 'task.updated';

export const TaskUpdatedData = z.object({
  ...taskEventBase,
  before: TaskSnapshot,
  after: TaskSnapshot,
  /** Names of the fields that changed. */
  changes: z.array(z.string()).min(1),
});
export type TaskUpdatedData = z.infer<typeof TaskUpdatedData>;

export const TaskUpdated = cloudEvent(TaskUpdatedType, TaskUpdatedData);
export type TaskUpdated = z.infer<typeof TaskUpdated>;
