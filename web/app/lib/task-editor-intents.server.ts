import { type AppLoadContext, data, redirect } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import type { RulePreview } from '../routes/recurrence-preview';
import { callApp } from './api.server';
import { addComment, assign, deleteComment, editComment, unassign } from './collaboration-intents.server';
import { isApiProblem } from './api-problem';
import { idField, text } from './form-data';
import { jsonField, TaskFieldsJson, TaskPatchJson } from './json-field.server';
import { formProblem, loaded, problemResponse } from './responses.server';
import { commitHeaders, pushToast, type WebSession } from './session.server';
import { type RowIntent, runRowIntent } from './task-actions.server';
import type { EditorResult } from './task-editor-types';
import {
  changedFields,
  fieldsOf,
  readRecurrenceForm,
  readReminderForm,
  readTaskForm,
  type TaskFields,
} from './task-form';
import type { Task, User } from './types';

/** What every form intent of the task editor gets. */
export interface EditorArgs {
  context: AppLoadContext;
  token: string;
  session: WebSession;
  user: User;
  /** The task's id, validated from the path. */
  id: string;
  form: FormData;
}

export type Answer = Response | ReturnType<typeof data<EditorResult>> | EditorResult;

/** A toast, then the page again (or `to`). */
async function done({ context, session, id }: EditorArgs, message: string, to = `/tasks/${id}`) {
  pushToast(session, { message });
  return redirect(to, { headers: await commitHeaders(session, context) });
}

/** A refusal from tasks-api, shown next to the section's fields. */
function fail(section: EditorResult['section'], error: unknown) {
  const result = formProblem(error);
  return data({ ...result.data, section } as EditorResult, { status: result.init?.status ?? 400 });
}

/**
 * PATCHes only the changed fields, based on the version the user saw
 * (If-Match). A stale version is a 412 with the task as it is now: the
 * conflict panel shows it with what changed there and the user's changes.
 */
async function savePatch(args: EditorArgs, patch: Partial<TaskFields>, message: string): Promise<Answer> {
  const { context, token, id, form } = args;
  try {
    const { data: task } = await callApp<Task>(context, 'tasks-api', 'PATCH', invocationPath`/tasks/${id}`, {
      token,
      body: patch,
      headers: { 'if-match': `"${text(form, 'version') ?? ''}"` },
    });
    // ?saved= gives the editor a fresh form with the saved version.
    return done(args, message, `/tasks/${id}?saved=${task.version}`);
  } catch (error) {
    if (!isApiProblem(error) || error.status !== 412) return fail('task', error);
    const current = error.problem.current as Task;
    // The fields as the form (or conflict panel) showed them: what a change is measured against.
    const original = jsonField(form, 'original', TaskFieldsJson);
    const changedElsewhere = Object.keys(changedFields(original, fieldsOf(current))) as Array<keyof TaskFields>;
    return data<EditorResult>(
      { conflict: { current, attempted: patch, changedElsewhere }, section: 'task' },
      { status: 412 },
    );
  }
}

export async function save(args: EditorArgs): Promise<Answer> {
  const { fields, errors } = readTaskForm(args.form, args.user.timeZone);
  if (Object.keys(errors).length > 0) return data<EditorResult>({ errors, section: 'task' }, { status: 400 });
  const patch = changedFields(jsonField(args.form, 'original', TaskFieldsJson), fields);
  if (Object.keys(patch).length === 0) return done(args, 'Nothing to save');
  return savePatch(args, patch, 'Saved');
}

/** The user's own changes from the conflict panel, over the version they have now seen. */
export function reapply(args: EditorArgs): Promise<Answer> {
  return savePatch(args, jsonField(args.form, 'patch', TaskPatchJson), 'Your changes were reapplied');
}

export async function previewRecurrence({ context, token, form, user }: EditorArgs): Promise<Answer> {
  const { rule, errors } = readRecurrenceForm(form, user.timeZone);
  if (!rule) return data<EditorResult>({ errors, section: 'recurrence' }, { status: 400 });
  try {
    const { data: preview } = await callApp<RulePreview>(
      context,
      'tasks-api',
      'POST',
      invocationPath`/recurrence/preview`,
      { token, body: { ...rule, count: 5 } },
    );
    return { preview, section: 'recurrence' };
  } catch (error) {
    return fail('recurrence', error);
  }
}

export async function setRecurrence(args: EditorArgs): Promise<Answer> {
  const { context, token, id, form, user } = args;
  const { rule, errors } = readRecurrenceForm(form, user.timeZone);
  if (!rule) return data<EditorResult>({ errors, section: 'recurrence' }, { status: 400 });
  try {
    await callApp(context, 'tasks-api', 'PUT', invocationPath`/tasks/${id}/recurrence`, { token, body: rule });
    return done(args, 'Repeat saved');
  } catch (error) {
    return fail('recurrence', error);
  }
}

export async function endRecurrence(args: EditorArgs): Promise<Answer> {
  try {
    await callApp(args.context, 'tasks-api', 'DELETE', invocationPath`/tasks/${args.id}/recurrence`, {
      token: args.token,
    });
    return done(args, 'This task no longer repeats');
  } catch (error) {
    return fail('recurrence', error);
  }
}

export async function addReminder(args: EditorArgs): Promise<Answer> {
  const { context, token, id, form, user } = args;
  const task = await loaded(callApp<Task>(context, 'tasks-api', 'GET', invocationPath`/tasks/${id}`, { token }));
  const { body, errors } = readReminderForm(form, task.timeZone ?? user.timeZone);
  if (!body) return data<EditorResult>({ errors, section: 'reminders' }, { status: 400 });
  try {
    await callApp(context, 'tasks-api', 'POST', invocationPath`/tasks/${id}/reminders`, { token, body });
    return done(args, 'Reminder added');
  } catch (error) {
    return fail('reminders', error);
  }
}

export async function deleteReminder(args: EditorArgs): Promise<Answer> {
  const { context, token, id, form } = args;
  try {
    const reminderId = idField(form, 'reminderId');
    await callApp(context, 'tasks-api', 'DELETE', invocationPath`/tasks/${id}/reminders/${reminderId}`, { token });
    return done(args, 'Reminder removed');
  } catch (error) {
    return fail('reminders', error);
  }
}

/** Complete, reopen or delete from the editor: a toast with undo, then the task (or the list, after a delete). */
const rowChange =
  (intent: RowIntent) =>
  async (args: EditorArgs): Promise<Answer> => {
    const { context, token, session, id, form } = args;
    try {
      const toast = await runRowIntent(context, token, intent, id, text(form, 'version'));
      pushToast(session, toast);
      return redirect(intent === 'delete' ? '/tasks' : `/tasks/${id}`, {
        headers: await commitHeaders(session, context),
      });
    } catch (error) {
      if (isApiProblem(error) && error.status < 500) return done(args, `Not changed: ${error.message}`);
      throw isApiProblem(error) ? problemResponse(error) : error;
    }
  };

/** The task editor's form intents, one function each (STYLE.md; issue 16). A Map: no inherited names. */
export const taskEditorIntents = new Map<string, (args: EditorArgs) => Promise<Answer>>([
  ['save', save],
  ['reapply', reapply],
  ['set-recurrence', setRecurrence],
  ['preview-recurrence', previewRecurrence],
  ['end-recurrence', endRecurrence],
  ['add-reminder', addReminder],
  ['delete-reminder', deleteReminder],
  ['complete', rowChange('complete')],
  ['reopen', rowChange('reopen')],
  ['delete', rowChange('delete')],
  ['assign', assign],
  ['unassign', unassign],
  ['add-comment', addComment],
  ['edit-comment', editComment],
  ['delete-comment', deleteComment],
]);
