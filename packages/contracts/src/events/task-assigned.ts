import { z } from 'zod';
import { TaskSnapshot } from '../task-snapshot';
import { cloudEvent, taskEventBase } from './envelope';

/**
 * A member was assigned to a task, or unassigned (issue 19). One event per
 * person, so the audit trail and the assignee's notification name exactly who.
 */
export const TaskAssignedType = 'task.assigned';
export const TaskUnassignedType = 'task.unassigned';

export const TaskAssignmentData = z.object({
  ...taskEventBase,
  before: TaskSnapshot,
  after: TaskSnapshot,
  /** The member assigned or unassigned. */
  assigneeId: z.string().uuid(),
});
export type TaskAssignmentData = z.infer<typeof TaskAssignmentData>;

export const TaskAssigned = cloudEvent(TaskAssignedType, TaskAssignmentData);
export type TaskAssigned = z.infer<typeof TaskAssigned>;
export const TaskUnassigned = cloudEvent(TaskUnassignedType, TaskAssignmentData);
export type TaskUnassigned = z.infer<typeof TaskUnassigned>;
