import type { CommentView } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
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
  const comments = await db.taskComment.findMany({
    where: { taskId, deletedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return comments.map((comment) => toCommentView(comment, task.project_id));
}
