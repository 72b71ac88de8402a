import { z } from 'zod';

const Body = z.string().trim().min(1, 'body is required').max(10_000, 'body must be at most 10000 characters');

/** Members @mentioned: the client's picker sends their ids (each must be a member of the project). */
const MentionIds = z
  .array(z.string().uuid('each mention must be a user id (UUID)'))
  .max(20, 'at most 20 mentions')
  .default([]);

export const CommentInput = z.object({ body: Body, mentionIds: MentionIds }).strict();
export type CommentInput = z.infer<typeof CommentInput>;

export const CommentParams = z
  .object({
    id: z.string().uuid('id must be a task id (UUID)'),
    commentId: z.string().uuid('commentId must be a comment id (UUID)'),
  })
  .strict();
