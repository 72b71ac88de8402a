import type { CommentView } from '@taskmesh/contracts';
import type { TaskComment } from '@taskmesh/db';

/** A comment as the API and events show it; a deleted comment shows no text. */
export function toCommentView(comment: TaskComment, projectId: string): CommentView {
  return {
    id: comment.id,
    taskId: comment.taskId,
    projectId,
    authorId: comment.authorId,
    body: comment.deletedAt ? '' : comment.body,
    mentionIds: comment.deletedAt ? [] : comment.mentionIds,
    editedAt: comment.editedAt?.toISOString() ?? null,
    deletedAt: comment.deletedAt?.toISOString() ?? null,
    createdAt: comment.createdAt.toISOString(),
  };
}

/** A task has at most this many comments (its thread is read whole). */
export const maxCommentsPerTask = 1000;
