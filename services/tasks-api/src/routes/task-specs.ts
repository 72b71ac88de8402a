import { TaskSnapshot } from '@taskmesh/contracts';
import { z } from 'zod';
import { ListTasksQuery } from '../domain/tasks/list-tasks';
import { BulkInput, CreateTaskInput, TaskIdParams, UpdateTaskInput } from '../domain/tasks/task-input';
import { commonProblems, idempotencyHeader, ifMatchHeader, problem } from './problems';

export const TaskPageView = z.object({ items: z.array(TaskSnapshot), nextCursor: z.string().nullable() });
export const BulkResultView = z.object({ changed: z.number().int(), items: z.array(TaskSnapshot) });

const notFound = problem('No such task of yours (another user’s task is also 404)');
const precondition = problem('If-Match is stale: `current` holds the task as it is now');
const conflict = problem('Illegal state change, e.g. completing a done task or restoring one that is not deleted');
const taskResponse = (description: string) => ({
  description,
  schema: TaskSnapshot,
  headers: { ETag: 'The task version' },
});
// A member whose role may not change tasks (viewer, commenter: issue 19).
const forbidden = problem('Your role in the task’s project does not allow this');
const writeProblems = {
  ...commonProblems,
  403: forbidden,
  404: notFound,
  412: precondition,
  422: problem('Idempotency-Key reused for a different request'),
};

// All-day tasks (issue 20, docs/decisions/012-quick-add-and-all-day.md).
const dueDescription =
  'A task is due at a time (dueAt, an instant) or on a day (dueDate, YYYY-MM-DD: an all-day task), never both. An all-day task has allDay true, dueDate its day, and dueAt 00:00 of that day in its timeZone (the timeZone sent, else the task’s, else yours), so sorting by due puts it before the timed tasks of that day.';

export const taskRouteSpecs = {
  create: {
    method: 'post',
    path: '/tasks',
    operationId: 'createTask',
    summary: 'Create a task',
    description: dueDescription,
    tag: 'tasks',
    security: 'bearer',
    body: CreateTaskInput,
    headers: idempotencyHeader,
    responses: {
      201: taskResponse('Created'),
      ...commonProblems,
      403: forbidden,
      // Like any id of a project one is not a member of (issue 19): 404, not 403 (found by the fuzz stage).
      404: problem('projectId names no project you are a member of (or a deleted one)'),
      422: writeProblems[422],
    },
  },
  list: {
    method: 'get',
    path: '/tasks',
    operationId: 'listTasks',
    summary: 'List your tasks with filters, full-text search and cursor pagination',
    description:
      'Filters combine with AND. `overdue`: a timed task whose time has passed, or an all-day task whose day is over in its zone (one due today is not overdue), and not done. `tags` matches tasks with all the tags, `anyTags` with any. `q` searches title and description (ranked; sort=relevance is the default with q). Pass `nextCursor` back as `cursor` with the same filters for the next page.',
    tag: 'tasks',
    security: 'bearer',
    query: ListTasksQuery,
    responses: {
      200: { description: 'One page', schema: TaskPageView },
      ...commonProblems,
      // Like any id of a project one is not a member of (issue 19): 404, not 403, so its existence does not leak.
      404: problem('projectId names no project you are a member of'),
    },
  },
  get: {
    method: 'get',
    path: '/tasks/:id',
    operationId: 'getTask',
    summary: 'Get a task',
    tag: 'tasks',
    security: 'bearer',
    params: TaskIdParams,
    responses: { 200: taskResponse('The task'), ...commonProblems, 404: notFound },
  },
  update: {
    method: 'patch',
    path: '/tasks/:id',
    operationId: 'updateTask',
    summary: 'Change some fields of a task',
    description: `Setting status to done completes the task (task.completed); moving it out of done reopens it. ${dueDescription} dueAt makes an all-day task timed, dueDate makes a timed one all-day, and null for either clears the due date. A new timeZone alone keeps an all-day task on its calendar day.`,
    tag: 'tasks',
    security: 'bearer',
    params: TaskIdParams,
    body: UpdateTaskInput,
    headers: ifMatchHeader,
    responses: { 200: taskResponse('The changed task'), ...writeProblems },
  },
  complete: {
    method: 'post',
    path: '/tasks/:id/complete',
    operationId: 'completeTask',
    summary: 'Mark a task done',
    tag: 'tasks',
    security: 'bearer',
    params: TaskIdParams,
    headers: { ...ifMatchHeader, ...idempotencyHeader },
    responses: { 200: taskResponse('The completed task'), ...writeProblems, 409: conflict },
  },
  reopen: {
    method: 'post',
    path: '/tasks/:id/reopen',
    operationId: 'reopenTask',
    summary: 'Move a done task back to todo',
    tag: 'tasks',
    security: 'bearer',
    params: TaskIdParams,
    headers: { ...ifMatchHeader, ...idempotencyHeader },
    responses: { 200: taskResponse('The reopened task'), ...writeProblems, 409: conflict },
  },
  restore: {
    method: 'post',
    path: '/tasks/:id/restore',
    operationId: 'restoreTask',
    summary: 'Bring back a deleted task (undo a delete)',
    description:
      'The task reads again as it was when deleted, with a new version (task.restored); its reminders that still lie ahead are scheduled again. Restoring a task that is not deleted is 409.',
    tag: 'tasks',
    security: 'bearer',
    params: TaskIdParams,
    headers: { ...ifMatchHeader, ...idempotencyHeader },
    responses: { 200: taskResponse('The restored task'), ...writeProblems, 409: conflict },
  },
  delete: {
    method: 'delete',
    path: '/tasks/:id',
    operationId: 'deleteTask',
    summary: 'Delete a task',
    tag: 'tasks',
    security: 'bearer',
    params: TaskIdParams,
    headers: ifMatchHeader,
    responses: { 204: { description: 'Deleted' }, ...writeProblems },
  },
  bulk: {
    method: 'post',
    path: '/tasks/bulk',
    operationId: 'bulkChangeTasks',
    summary: 'Complete, delete or tag up to 100 tasks at once, all or nothing',
    tag: 'tasks',
    security: 'bearer',
    body: BulkInput,
    headers: idempotencyHeader,
    responses: { 200: { description: 'Every task after the change', schema: BulkResultView }, ...writeProblems },
  },
} as const;
