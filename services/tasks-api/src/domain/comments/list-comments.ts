import type { CommentView } from '@taskmesh/contracts';
import type { Prisma, TaskComment } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { readableTask } from '../tasks/get-task';
import { toCommentView } from './comment-view';

/** A task's comment thread, oldest first, for anyone who may see the task (deleted comments left out). */
export async function listComments(
  db: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
): Promise<CommentView[]> {
  const task = await readableTask(db, principal, taskId);
  // Plain SQL: a hot read (the query builder costs about a millisecond of CPU per call; see task-rows.ts).
  const comments = await db.$queryRaw<TaskComment[]>`
    SELECT id::text AS id, task_id::text AS "taskId", author_id::text AS "authorId", body,
           mention_ids::text[] AS "mentionIds", edited_at AS "editedAt", deleted_at AS "deletedAt",
           created_at AS "createdAt", updated_at AS "updatedAt"
      FROM tasks_api.task_comments
     WHERE task_id = ${taskId}::uuid AND deleted_at IS NULL
     ORDER BY created_at, id`;
  return comments.map((comment) => toCommentView(comment, task.project_id));
}
