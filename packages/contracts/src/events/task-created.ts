import { z } from 'zod';
import { TaskSnapshot } from '../task-snapshot';
import { cloudEvent, taskEventBase } from './envelope';

export const TaskCreatedType = 'task.created';

export const TaskCreatedData = z.object({ ...taskEventBase, after: TaskSnapshot });
export type TaskCreatedData = z.infer<typeof TaskCreatedData>;

export const TaskCreated = cloudEvent(TaskCreatedType, TaskCreatedData);
export type TaskCreated = z.infer<typeof TaskCreated>;
