import { z } from 'zod';
import { TaskCreated } from './task-created';

/** Any event on the task-events topic. Grows one member per task event type. */
export const TaskEvent = z.discriminatedUnion('type', [TaskCreated]);
export type TaskEvent = z.infer<typeof TaskEvent>;
export type TaskEventType = TaskEvent['type'];
