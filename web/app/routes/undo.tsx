import { type ActionFunctionArgs, type AppLoadContext, redirect } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from '../lib/api.server';
import { isApiProblem } from '../lib/api-problem';
import { idField, isId, list } from '../lib/form-data';
import { problemResponse } from '../lib/responses.server';
import { safeRedirect } from '../lib/safe-redirect';
import { commitHeaders, pushToast, requireUser, type WebSession } from '../lib/session.server';
import { type RowIntent, runRowIntent } from '../lib/task-actions.server';

const undoIntents: RowIntent[] = ['reopen', 'complete', 'restore'];

/** A project's delete (restore) or archive (unarchive) undone, then back to the project (issue 19). */
async function undoProject(context: AppLoadContext, token: string, session: WebSession, form: FormData) {
  const projectId = idField(form, 'projectId');
  try {
    if (form.get('intent') === 'restore-project')
      await callApp(context, 'tasks-api', 'POST', invocationPath`/projects/${projectId}/restore`, { token });
    else
      await callApp(context, 'tasks-api', 'PATCH', invocationPath`/projects/${projectId}`, {
        token,
        body: { archived: false },
      });
    pushToast(session, { message: 'Undone' });
  } catch (error) {
    if (!isApiProblem(error) || error.status >= 500) throw isApiProblem(error) ? problemResponse(error) : error;
    pushToast(session, { message: `Could not undo: ${error.message}` });
    return redirect('/tasks', { headers: await commitHeaders(session, context) });
  }
  return redirect(`/projects/${projectId}`, { headers: await commitHeaders(session, context) });
}

/** The toast's Undo: the opposite change for each task it names (a bulk complete undoes as many reopens). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { token, session } = await requireUser(request, context);
  const form = await request.formData();
  if (form.get('intent') === 'restore-project' || form.get('intent') === 'unarchive-project')
    return undoProject(context, token, session, form);
  const intent = String(form.get('intent')) as RowIntent;
  const taskIds = list(form, 'taskId').slice(0, 100);
  if (!undoIntents.includes(intent) || taskIds.length === 0) throw new Response('Nothing to undo', { status: 400 });
  if (!taskIds.every(isId)) throw new Response('taskId: must be an id', { status: 400 });
  try {
    if (intent === 'complete' && taskIds.length > 1)
      await callApp(context, 'tasks-api', 'POST', invocationPath`/tasks/bulk`, {
        token,
        body: { action: 'complete', ids: taskIds },
      });
    else for (const id of taskIds) await runRowIntent(context, token, intent, id);
    pushToast(session, { message: taskIds.length > 1 ? `Undone for ${taskIds.length} tasks` : 'Undone' });
  } catch (error) {
    if (!isApiProblem(error) || error.status >= 500) throw isApiProblem(error) ? problemResponse(error) : error;
    pushToast(session, { message: `Could not undo: ${error.message}` });
  }
  return redirect(safeRedirect(form.get('redirectTo')), { headers: await commitHeaders(session, context) });
}
