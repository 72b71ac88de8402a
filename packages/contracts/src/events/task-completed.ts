import { z } from 'zod';
import { TaskSnapshot } from '../task-snapshot';
import { cloudEvent, taskEventBase } from './envelope';

export const TaskCompletedType = 'task.completed';

export const TaskCompletedData = z.object({ ...taskEventBase, before: TaskSnapshot, after: TaskSnapshot });
export type TaskCompletedData = z.infer<typeof TaskCompletedData>;

export const TaskCompleted = cloudEvent(TaskCompletedType, TaskCompletedData);
export type TaskCompleted = z.infer<typeof TaskCompleted>;
