import { z } from 'zod';
import { TaskSnapshot } from '../task-snapshot';
import { cloudEvent, taskEventBase } from './envelope';

export const TaskReopenedType = 'task.reopened';

export const TaskReopenedData = z.object({ ...taskEventBase, before: TaskSnapshot, after: TaskSnapshot });
export type TaskReopenedData = z.infer<typeof TaskReopenedData>;

export const TaskReopened = cloudEvent(TaskReopenedType, TaskReopenedData);
export type TaskReopened = z.infer<typeof TaskReopened>;
