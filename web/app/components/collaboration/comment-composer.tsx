import { Form, useNavigation } from '@remix-run/react';
import { useLayoutEffect, useRef, useState } from 'react';
import { memberName } from '../../lib/projects-shared';
import type { Member } from '../../lib/types';

/** The "@partial" just before the caret, if the user is typing a mention. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@]{0,40})$/.exec(text.slice(0, caret));
  return match ? { start: caret - (match[2]?.length ?? 0) - 1, query: (match[2] ?? '').toLowerCase() } : null;
}

/**
 * A comment box with an @mention picker: typing "@" lists the project's
 * members; picking one writes "@Name" and remembers their id. Only the ids
 * whose "@Name" is still in the text on submit are sent as mentionIds, and
 * tasks-api checks each is a member. The text itself stays plain text.
 */
export function CommentComposer({
  members,
  intent,
  commentId,
  initialBody = '',
  initialMentions = [],
  label,
  submitLabel,
}: {
  members: Member[];
  intent: 'add-comment' | 'edit-comment';
  commentId?: string;
  initialBody?: string;
  initialMentions?: string[];
  label: string;
  submitLabel: string;
}) {
  const [body, setBody] = useState(initialBody);
  const [mentioned, setMentioned] = useState<string[]>(initialMentions);
  const [picker, setPicker] = useState<{ start: number; query: string } | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const navigation = useNavigation();
  const sending = navigation.state !== 'idle' && navigation.formData?.get('intent') === intent;
  const wasSending = useRef(false);
  // A new comment's box empties once it went through (an edit's form goes away by itself).
  useLayoutEffect(() => {
    if (wasSending.current && !sending && intent === 'add-comment') {
      setBody('');
      setMentioned([]);
    }
    wasSending.current = sending;
  }, [sending, intent]);
  const candidates = picker
    ? members.filter((m) => memberName(m).toLowerCase().includes(picker.query)).slice(0, 8)
    : [];
  const pick = (member: Member) => {
    if (!picker) return;
    const caret = textarea.current?.selectionStart ?? body.length;
    const next = `${body.slice(0, picker.start)}@${memberName(member)} ${body.slice(caret)}`;
    setBody(next);
    setMentioned((ids) => [...new Set([...ids, member.userId])]);
    setPicker(null);
    textarea.current?.focus();
  };
  const stillMentioned = mentioned.filter((id) => {
    const member = members.find((m) => m.userId === id);
    return member && body.includes(`@${memberName(member)}`);
  });
  const fieldId = `comment-body-${commentId ?? 'new'}`;
  return (
    <Form
      method="post"
      className="space-y-2"
      aria-label={intent === 'add-comment' ? 'Write a comment' : 'Change a comment'}
    >
      <input type="hidden" name="intent" value={intent} />
      {commentId ? <input type="hidden" name="commentId" value={commentId} /> : null}
      {stillMentioned.map((id) => (
        <input key={id} type="hidden" name="mentionIds" value={id} />
      ))}
      <label htmlFor={fieldId} className="sr-only">
        {label}
      </label>
      <textarea
        id={fieldId}
        ref={textarea}
        name="body"
        required
        maxLength={10_000}
        rows={3}
        className="input"
        placeholder="Write a comment… type @ to mention someone"
        value={body}
        onChange={(event) => {
          setBody(event.target.value);
          setPicker(mentionQuery(event.target.value, event.target.selectionStart));
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setPicker(null);
        }}
      />
      {candidates.length > 0 ? (
        <ul aria-label="Mention a member" className="rounded-md border border-slate-200 bg-white shadow">
          {candidates.map((member) => (
            <li key={member.userId}>
              <button
                type="button"
                className="w-full px-2 py-1 text-left text-sm hover:bg-indigo-50"
                onClick={() => pick(member)}
              >
                {memberName(member)} <span className="text-slate-500">{member.email}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <button type="submit" className="btn btn-primary" disabled={sending}>
        {submitLabel}
      </button>
    </Form>
  );
}
