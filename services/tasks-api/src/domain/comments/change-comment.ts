import { actorOf } from '../tasks/task-writer';
import { CommentDeletedType, CommentEditedType, type CommentView } from '@taskmesh/contracts';
import type { Prisma, Task, TaskComment } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { requestNotifications } from '../notifications/request-notifications';
import { allows, ProjectAction } from '../projects/permissions';
import { lockTask } from '../tasks/task-access';
import type { CommentInput } from './comment-input';
import { toCommentView } from './comment-view';
import { checkMentions, excerptOf } from './mentions';
import { recordCommentChange } from './record-comment';

async function ownComment(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  commentId: string,
): Promise<{ task: Task; comment: TaskComment; moderator: boolean }> {
  const { task, role } = await lockTask(tx, principal, taskId, ProjectAction.comment);
  const comment = await tx.taskComment.findFirst({ where: { id: commentId, taskId, deletedAt: null } });
  if (!comment) throw new AppError(ErrorCode.notFound, 'Comment not found');
  return { task, comment, moderator: allows(role ?? undefined, ProjectAction.moderate) };
}

/** The author edits their comment; members newly mentioned are notified. */
export async function editComment(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  commentId: string,
  input: CommentInput,
  now = new Date(),
): Promise<CommentView> {
  const { task, comment } = await ownComment(tx, principal, taskId, commentId);
  if (comment.authorId !== principal.userId)
    throw new AppError(ErrorCode.forbidden, 'Only its author can edit a comment');
  const mentionIds = await checkMentions(tx, task.projectId, input.mentionIds);
  const newMentionIds = mentionIds.filter((id) => !comment.mentionIds.includes(id));
  const row = await tx.taskComment.update({
    where: { id: commentId },
    data: { body: input.body, mentionIds, editedAt: now, updatedAt: now },
  });
  const view = toCommentView(row, task.projectId);
  await recordCommentChange(tx, {
    type: CommentEditedType,
    task,
    ...actorOf(principal),
    comment: view,
    before: toCommentView(comment, task.projectId),
    newMentionIds,
    now,
  });
  await requestNotifications(tx, {
    kind: 'mentioned',
    recipientIds: newMentionIds,
    task,
    actorId: principal.userId,
    excerpt: excerptOf(input.body),
    now,
  });
  return view;
}

/**
 * The author deletes their comment, or the owner removes any (moderation).
 * The row stays with its text (the audit log has it too); nobody sees it.
 */
export async function deleteComment(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  commentId: string,
  now = new Date(),
): Promise<void> {
  const { task, comment, moderator } = await ownComment(tx, principal, taskId, commentId);
  if (comment.authorId !== principal.userId && !moderator)
    throw new AppError(ErrorCode.forbidden, 'Only its author or the project owner can delete a comment');
  const row = await tx.taskComment.update({ where: { id: commentId }, data: { deletedAt: now, updatedAt: now } });
  await recordCommentChange(tx, {
    type: CommentDeletedType,
    task,
    ...actorOf(principal),
    comment: toCommentView(row, task.projectId),
    before: toCommentView(comment, task.projectId),
    newMentionIds: [],
    now,
  });
}
