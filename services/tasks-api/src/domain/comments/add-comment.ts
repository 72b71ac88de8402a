import { actorOf } from '../tasks/task-writer';
import { CommentAddedType, type CommentView } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { requestNotifications } from '../notifications/request-notifications';
import { ProjectAction } from '../projects/permissions';
import { lockTask } from '../tasks/task-access';
import type { CommentInput } from './comment-input';
import { maxCommentsPerTask, toCommentView } from './comment-view';
import { checkMentions, excerptOf } from './mentions';
import { recordCommentChange } from './record-comment';

/** A member who may comment (owner, editor, commenter) adds a comment; the members it mentions are notified. */
export async function addComment(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  input: CommentInput,
  now = new Date(),
): Promise<CommentView> {
  // Locked: comments of one task are numbered and counted one at a time.
  const { task } = await lockTask(tx, principal, taskId, ProjectAction.comment);
  if ((await tx.taskComment.count({ where: { taskId } })) >= maxCommentsPerTask)
    throw new AppError(ErrorCode.conflict, `A task has at most ${maxCommentsPerTask} comments`);
  const mentionIds = await checkMentions(tx, task.projectId, input.mentionIds);
  const row = await tx.taskComment.create({
    data: { taskId, authorId: principal.userId, body: input.body, mentionIds, createdAt: now, updatedAt: now },
  });
  const comment = toCommentView(row, task.projectId);
  await recordCommentChange(tx, {
    type: CommentAddedType,
    task,
    ...actorOf(principal),
    comment,
    newMentionIds: mentionIds,
    now,
  });
  await requestNotifications(tx, {
    kind: 'mentioned',
    recipientIds: mentionIds,
    task,
    actorId: principal.userId,
    excerpt: excerptOf(input.body),
    now,
  });
  return comment;
}
