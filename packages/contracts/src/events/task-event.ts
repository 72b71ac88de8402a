import { z } from 'zod';
import { TaskCompleted } from './task-completed';
import { TaskCreated } from './task-created';
import { TaskDeleted } from './task-deleted';
import { TaskReopened } from './task-reopened';
import { TaskRestored } from './task-restored';
import { TaskUpdated } from './task-updated';

/** Any event on the task-events topic. */
export const TaskEvent = z.discriminatedUnion('type', [
  TaskCreated,
  TaskUpdated,
  TaskCompleted,
  TaskReopened,
  TaskDeleted,
  TaskRestored,
]);
export type TaskEvent = z.infer<typeof TaskEvent>;
export type TaskEventType = TaskEvent['type'];
