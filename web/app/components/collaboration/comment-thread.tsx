import { Form } from '@remix-run/react';
import { formatInZone } from '../../lib/dates';
import { memberName } from '../../lib/projects-shared';
import type { Comment, Member } from '../../lib/types';
import { CommentComposer } from './comment-composer';

/**
 * A task's comments, oldest first. The body is plain text rendered as a text
 * node (React escapes it): markup in a comment shows as typed, never runs.
 * The author edits and deletes their own; the project owner may delete any.
 * A comment written elsewhere shows up by itself: the live client reloads the
 * page's data on every `taskmesh:comment` event of the user's projects.
 */
export function CommentThread({
  comments,
  members,
  userId,
  canComment,
  isOwner,
  zone,
  error,
}: {
  comments: Comment[];
  members: Member[];
  userId: string;
  canComment: boolean;
  isOwner: boolean;
  zone: string;
  error?: string;
}) {
  const author = (id: string) => {
    if (id === userId) return 'You';
    const member = members.find((m) => m.userId === id);
    return member ? memberName(member) : 'A former member';
  };
  const visible = comments.filter((c) => !c.deletedAt);
  return (
    <div className="space-y-3">
      {visible.length === 0 ? (
        <p className="text-sm text-slate-600">No comments yet.</p>
      ) : (
        <ol className="space-y-3" aria-label="Comments">
          {visible.map((comment) => (
            <li key={comment.id} className="rounded-md border border-slate-200 p-2" data-comment={comment.id}>
              <p className="text-xs text-slate-500">
                <strong className="text-slate-800">{author(comment.authorId)}</strong> ·{' '}
                <time dateTime={comment.createdAt}>{formatInZone(comment.createdAt, zone)}</time>
                {comment.editedAt ? ' · edited' : ''}
              </p>
              <p className="mt-1 whitespace-pre-wrap break-words text-sm" data-testid="comment-body">
                {comment.body}
              </p>
              {comment.authorId === userId || isOwner ? (
                <div className="mt-1 flex flex-wrap gap-2">
                  {comment.authorId === userId ? (
                    // Keyed by the edit: a saved edit closes the form.
                    <details key={comment.editedAt ?? comment.createdAt}>
                      <summary className="cursor-pointer text-xs text-indigo-700">Edit</summary>
                      <CommentComposer
                        members={members}
                        intent="edit-comment"
                        commentId={comment.id}
                        initialBody={comment.body}
                        initialMentions={comment.mentionIds}
                        label="Edit comment"
                        submitLabel="Save comment"
                      />
                    </details>
                  ) : null}
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete-comment" />
                    <input type="hidden" name="commentId" value={comment.id} />
                    <button type="submit" className="text-xs text-red-700 underline">
                      Delete
                    </button>
                  </Form>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {canComment ? (
        <CommentComposer members={members} intent="add-comment" label="New comment" submitLabel="Comment" />
      ) : (
        <p className="text-sm text-slate-600">Your role in this project does not allow comments.</p>
      )}
    </div>
  );
}
