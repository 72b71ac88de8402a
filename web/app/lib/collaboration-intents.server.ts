import { data, redirect } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from './api.server';
import { fieldRefused, idField, isId, list, text } from './form-data';
import { formProblem, problemResponse } from './responses.server';
import { isApiProblem } from './api-problem';
import { commitHeaders, pushToast } from './session.server';
import type { EditorArgs } from './task-editor-intents.server';
import type { EditorResult } from './task-editor-types';

/** Every id in a repeated field: all ids, or 400 naming the field. */
function idList(form: FormData, name: string): string[] {
  const values = list(form, name).slice(0, 50);
  if (!values.every(isId)) throw fieldRefused(name, 'must be ids');
  return [...new Set(values)];
}

const versionHeader = (form: FormData) => {
  const version = text(form, 'version');
  return version && /^\d+$/.test(version) ? { headers: { 'if-match': `"${version}"` } } : {};
};

/**
 * Runs one assignee or comment change, then the task page again with a toast;
 * a refusal (403, 404, a stale version) is shown under the comments / people
 * section of the page (issue 19).
 */
async function run(args: EditorArgs, section: 'comments' | 'assignees', message: string, call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    if (isApiProblem(error) && error.status >= 500) throw problemResponse(error);
    const answer = formProblem(error);
    return data({ ...answer.data, section } as EditorResult, { status: answer.init?.status ?? 400 });
  }
  pushToast(args.session, { message });
  return redirect(`/tasks/${args.id}#${section}`, { headers: await commitHeaders(args.session, args.context) });
}

export function assign(args: EditorArgs) {
  const userId = idField(args.form, 'userId');
  return run(args, 'assignees', 'Assigned', () =>
    callApp(args.context, 'tasks-api', 'POST', invocationPath`/tasks/${args.id}/assignees`, {
      token: args.token,
      body: { userId },
      ...versionHeader(args.form),
    }),
  );
}

export function unassign(args: EditorArgs) {
  const userId = idField(args.form, 'userId');
  return run(args, 'assignees', 'Unassigned', () =>
    callApp(args.context, 'tasks-api', 'DELETE', invocationPath`/tasks/${args.id}/assignees/${userId}`, {
      token: args.token,
      ...versionHeader(args.form),
    }),
  );
}

/** The comment's text as typed (kept as plain text; the page renders it as text) and the members it @mentions. */
const commentBody = (form: FormData) => ({
  body: String(form.get('body') ?? '').trim(),
  mentionIds: idList(form, 'mentionIds'),
});

export function addComment(args: EditorArgs) {
  const body = commentBody(args.form);
  return run(args, 'comments', 'Comment added', () =>
    callApp(args.context, 'tasks-api', 'POST', invocationPath`/tasks/${args.id}/comments`, { token: args.token, body }),
  );
}

export function editComment(args: EditorArgs) {
  const commentId = idField(args.form, 'commentId');
  const body = commentBody(args.form);
  return run(args, 'comments', 'Comment edited', () =>
    callApp(args.context, 'tasks-api', 'PATCH', invocationPath`/tasks/${args.id}/comments/${commentId}`, {
      token: args.token,
      body,
    }),
  );
}

export function deleteComment(args: EditorArgs) {
  const commentId = idField(args.form, 'commentId');
  return run(args, 'comments', 'Comment deleted', () =>
    callApp(args.context, 'tasks-api', 'DELETE', invocationPath`/tasks/${args.id}/comments/${commentId}`, {
      token: args.token,
    }),
  );
}
