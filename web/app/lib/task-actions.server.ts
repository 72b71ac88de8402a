import type { AppLoadContext } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from './api.server';
import type { Task, Toast } from './types';

export type RowIntent = 'complete' | 'reopen' | 'delete' | 'restore';

const ifMatch = (version: string | undefined) => (version ? { 'if-match': `"${version}"` } : undefined);

/**
 * One row action on a task, based on the version the page showed (a stale one
 * is a 412: the page reloads and shows what changed). Returns the message and
 * the undo the toast offers.
 */
export async function runRowIntent(
  context: AppLoadContext,
  token: string,
  intent: RowIntent,
  taskId: string,
  version?: string,
): Promise<Toast> {
  const headers = ifMatch(version);
  switch (intent) {
    case 'complete': {
      const { data } = await callApp<Task>(context, 'tasks-api', 'POST', invocationPath`/tasks/${taskId}/complete`, {
        token,
        ...(headers ? { headers } : {}),
      });
      return {
        message: data.seriesId ? `Completed “${data.title}”; the next one is on its way` : `Completed “${data.title}”`,
        undo: { intent: 'reopen', taskIds: [taskId] },
      };
    }
    case 'reopen': {
      const { data } = await callApp<Task>(context, 'tasks-api', 'POST', invocationPath`/tasks/${taskId}/reopen`, {
        token,
        ...(headers ? { headers } : {}),
      });
      return { message: `Reopened “${data.title}”`, undo: { intent: 'complete', taskIds: [taskId] } };
    }
    case 'delete':
      await callApp(context, 'tasks-api', 'DELETE', invocationPath`/tasks/${taskId}`, {
        token,
        ...(headers ? { headers } : {}),
      });
      return { message: 'Task deleted', undo: { intent: 'restore', taskIds: [taskId] } };
    case 'restore': {
      const { data } = await callApp<Task>(context, 'tasks-api', 'POST', invocationPath`/tasks/${taskId}/restore`, {
        token,
      });
      return { message: `Restored “${data.title}”` };
    }
  }
}
