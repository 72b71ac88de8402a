import { z } from 'zod';
import { cloudEvent, taskEventBase } from './envelope';

/** A comment on a task as events and the API carry it: plain text, rendered as text by every client. */
export const CommentView = z.object({
  id: z.string().uuid(),
  taskId: z.string().uuid(),
  projectId: z.string().uuid(),
  authorId: z.string().uuid(),
  body: z.string(),
  /** Members @mentioned in the body. */
  mentionIds: z.array(z.string().uuid()),
  editedAt: z.string().datetime({ offset: true }).nullable(),
  deletedAt: z.string().datetime({ offset: true }).nullable(),
  createdAt: z.string().datetime({ offset: true }),
});
export type CommentView = z.infer<typeof CommentView>;

/**
 * Comments are task events (issue 19): they reach the audit log and the
 * task's history. They do not change the task, so `version` is the task's
 * version when the comment was written (no ETag moves).
 */
export const CommentAddedType = 'comment.added';
export const CommentEditedType = 'comment.edited';
export const CommentDeletedType = 'comment.deleted';

export const CommentEventData = z.object({
  ...taskEventBase,
  projectId: z.string().uuid(),
  /** The comment after the change (a deleted comment keeps its body out: empty string). */
  comment: CommentView,
  /** The comment before an edit or delete. */
  before: CommentView.optional(),
  /** Members mentioned by this change who were not mentioned before: they are notified. */
  newMentionIds: z.array(z.string().uuid()),
});
export type CommentEventData = z.infer<typeof CommentEventData>;

export const CommentAdded = cloudEvent(CommentAddedType, CommentEventData);
export type CommentAdded = z.infer<typeof CommentAdded>;
export const CommentEdited = cloudEvent(CommentEditedType, CommentEventData);
export type CommentEdited = z.infer<typeof CommentEdited>;
export const CommentDeleted = cloudEvent(CommentDeletedType, CommentEventData);
export type CommentDeleted = z.infer<typeof CommentDeleted>;

export const CommentEvent = z.discriminatedUnion('type', [CommentAdded, CommentEdited, CommentDeleted]);
export type CommentEvent = z.infer<typeof CommentEvent>;
export type CommentEventType = CommentEvent['type'];
