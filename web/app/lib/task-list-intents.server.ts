import type { AppLoadContext } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from './api.server';
import { idField, list, tagList, text } from './form-data';
import { addFromQuickAdd } from './quick-add.server';
import { type RowIntent, runRowIntent } from './task-actions.server';
import type { Toast } from './types';

/** What a form intent of the task list answers: a toast for the next page, or errors for the form. */
export type IntentResult = Toast | { errors: Record<string, string> };

export interface IntentArgs {
  context: AppLoadContext;
  token: string;
  form: FormData;
  /** The signed-in user's zone: quick add reads dates in it. */
  zone: string;
}

/** Quick add: one task from one line, its dates, repeat, tags, priority and @project read from it (issue 20). */
export async function quickAdd({ context, token, form, zone }: IntentArgs): Promise<IntentResult> {
  const added = await addFromQuickAdd(context, token, form, zone);
  return 'errors' in added ? added : { message: `Added “${added.task.title}”` };
}

/** Complete, reopen or delete one row, at the version the page showed. */
export const rowIntent =
  (intent: RowIntent) =>
  ({ context, token, form }: Pick<IntentArgs, 'context' | 'token' | 'form'>): Promise<IntentResult> =>
    runRowIntent(context, token, intent, idField(form, 'taskId'), text(form, 'version'));

/** Complete, delete or retag the selected tasks, with an undo where there is one. */
export async function bulkChange({ context, token, form }: IntentArgs): Promise<IntentResult> {
  const ids = list(form, 'ids');
  const bulkAction = text(form, 'bulkAction');
  if (ids.length === 0) return { errors: { ids: 'Select at least one task first' } };
  const body =
    bulkAction === 'tag'
      ? { action: 'tag', ids, add: tagList(text(form, 'addTags')), remove: tagList(text(form, 'removeTags')) }
      : { action: bulkAction, ids };
  const { data } = await callApp<{ changed: number }>(context, 'tasks-api', 'POST', invocationPath`/tasks/bulk`, {
    token,
    body,
  });
  const undo =
    bulkAction === 'complete'
      ? { intent: 'reopen' as const, taskIds: ids }
      : bulkAction === 'delete'
        ? { intent: 'restore' as const, taskIds: ids }
        : undefined;
  const verb = bulkAction === 'complete' ? 'Completed' : bulkAction === 'delete' ? 'Deleted' : 'Retagged';
  return { message: `${verb} ${data.changed} task${data.changed === 1 ? '' : 's'}`, ...(undo ? { undo } : {}) };
}

/** The task list's form intents, one function each (STYLE.md; issue 16). A Map: no inherited names. */
export const taskListIntents = new Map<string, (args: IntentArgs) => Promise<IntentResult>>([
  ['quick-add', quickAdd],
  ['complete', rowIntent('complete')],
  ['reopen', rowIntent('reopen')],
  ['delete', rowIntent('delete')],
  ['bulk', bulkChange],
]);

/** Intents whose form shows a refusal next to its fields (the row buttons get a toast instead). */
export const formIntents = new Set(['quick-add', 'bulk']);
