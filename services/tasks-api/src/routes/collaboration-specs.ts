import { CommentView, TaskSnapshot } from '@taskmesh/contracts';
import { z } from 'zod';
import { CommentInput, CommentParams } from '../domain/comments/comment-input';
import { TaskIdParams } from '../domain/tasks/task-input';
import { commonProblems, idempotencyHeader, idempotencyProblems, ifMatchHeader, problem } from './problems';

const notFound = problem('No such task (or comment) in a project of yours: a non-member gets 404');
const forbidden = problem('Your role in the project does not allow this');
const writeProblems = { ...commonProblems, 403: forbidden, 404: notFound, ...idempotencyProblems };
const taskResponse = (description: string) => ({
  description,
  schema: TaskSnapshot,
  headers: { ETag: 'The task version' },
});
const base = { tag: 'collaboration', security: 'bearer' } as const;
const AssigneeParams = z
  .object({
    id: z.string().uuid('id must be a task id (UUID)'),
    userId: z.string().uuid('userId must be a user id (UUID)'),
  })
  .strict();

/** Assignees and comments on tasks in shared projects (issue 19). */
export const collaborationRouteSpecs = {
  assign: {
    ...base,
    method: 'post',
    path: '/tasks/:id/assignees',
    operationId: 'assignTask',
    summary: 'Assign a member of the task’s project (editor, owner); they are notified',
    params: TaskIdParams,
    body: z.object({ userId: z.string().uuid('userId must be a user id (UUID)') }).strict(),
    headers: { ...idempotencyHeader, ...ifMatchHeader },
    responses: { 200: taskResponse('The task'), ...writeProblems, 412: problem('If-Match is stale') },
  },
  unassign: {
    ...base,
    method: 'delete',
    path: '/tasks/:id/assignees/:userId',
    operationId: 'unassignTask',
    summary: 'Unassign someone (editor, owner)',
    params: AssigneeParams,
    headers: { ...idempotencyHeader, ...ifMatchHeader },
    responses: { 200: taskResponse('The task'), ...writeProblems, 412: problem('If-Match is stale') },
  },
  listComments: {
    ...base,
    method: 'get',
    path: '/tasks/:id/comments',
    operationId: 'listComments',
    summary: 'The task’s comments, oldest first (plain text: render it as text)',
    params: TaskIdParams,
    responses: {
      200: { description: 'Comments', schema: z.object({ items: z.array(CommentView) }) },
      ...commonProblems,
      404: notFound,
    },
  },
  addComment: {
    ...base,
    method: 'post',
    path: '/tasks/:id/comments',
    operationId: 'addComment',
    summary: 'Comment (owner, editor, commenter); mentioned members are notified',
    params: TaskIdParams,
    body: CommentInput,
    headers: idempotencyHeader,
    responses: {
      201: { description: 'Added', schema: CommentView },
      ...writeProblems,
      409: problem('Too many comments'),
    },
  },
  editComment: {
    ...base,
    method: 'patch',
    path: '/tasks/:id/comments/:commentId',
    operationId: 'editComment',
    summary: 'Edit your own comment',
    params: CommentParams,
    body: CommentInput,
    headers: idempotencyHeader,
    responses: { 200: { description: 'Edited', schema: CommentView }, ...writeProblems },
  },
  deleteComment: {
    ...base,
    method: 'delete',
    path: '/tasks/:id/comments/:commentId',
    operationId: 'deleteComment',
    summary: 'Delete your own comment (or any, as the project owner)',
    params: CommentParams,
    headers: idempotencyHeader,
    responses: { 204: { description: 'Deleted' }, ...writeProblems },
  },
} as const;
