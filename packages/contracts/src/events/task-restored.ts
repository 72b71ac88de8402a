import { z } from 'zod';
import { TaskSnapshot } from '../task-snapshot';
import { cloudEvent, taskEventBase } from './envelope';

/** A soft-deleted task brought back (undo of a delete): `before.deletedAt` is set, `after.deletedAt` is null. */
export const TaskRestoredType = 'task.restored';

export const TaskRestoredData = z.object({ ...taskEventBase, before: TaskSnapshot, after: TaskSnapshot });
export type TaskRestoredData = z.infer<typeof TaskRestoredData>;

export const TaskRestored = cloudEvent(TaskRestoredType, TaskRestoredData);
export type TaskRestored = z.infer<typeof TaskRestored>;
