import { z } from 'zod';
import { TaskSnapshot } from '../task-snapshot';
import { cloudEvent, taskEventBase } from './envelope';

export const TaskDeletedType = 'task.deleted';

export const TaskDeletedData = z.object({ ...taskEventBase, before: TaskSnapshot, after: TaskSnapshot });
export type TaskDeletedData = z.infer<typeof TaskDeletedData>;

export const TaskDeleted = cloudEvent(TaskDeletedType, TaskDeletedData);
export type TaskDeleted = z.infer<typeof TaskDeleted>;
