import { randomUUID } from 'node:crypto';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { useState } from 'react';
import { QuickAddForm } from '../components/quick-add';
import { BulkActions } from '../components/task-list/bulk-actions';
import { FilterForm } from '../components/task-list/filter-form';
import { ShortcutHelp, useListShortcuts } from '../components/task-list/list-shortcuts';
import { TaskRow } from '../components/task-list/task-row';
import { callApp } from '../lib/api.server';
import { isApiProblem } from '../lib/api-problem';
import { useKeptActionData } from '../lib/kept-action-data';
import { formProblem, loaded, problemResponse } from '../lib/responses.server';
import { commitHeaders, pushToast, requireUser } from '../lib/session.server';
import { isFiltered, readFilters, toApiQuery } from '../lib/task-filters';
import { formIntents, taskListIntents } from '../lib/task-list-intents.server';
import type { Task } from '../lib/types';

export const meta: MetaFunction = () => [{ title: 'Tasks · Taskmesh' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, token } = await requireUser(request, context);
  const filters = readFilters(new URL(request.url).searchParams);
  const page = await loaded(
    callApp<{ items: Task[]; nextCursor: string | null }>(context, 'tasks-api', 'GET', invocationPath`/tasks`, {
      token,
      query: toApiQuery(filters, user.timeZone),
    }),
  );
  // A new key for each quick add the page offers: a double submit creates one task.
  return { page, filters, zone: user.timeZone, addKey: randomUUID() };
}

/** Dispatches each form intent to its own function (lib/task-list-intents.server.ts); a toast, then back to the list. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user, token, session } = await requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get('intent'));
  const back = new URL(request.url);
  back.searchParams.delete('index');
  const done = async (message: Parameters<typeof pushToast>[1]) => {
    pushToast(session, message);
    return redirect(back.pathname + back.search, { headers: await commitHeaders(session, context) });
  };
  const run = taskListIntents.get(intent);
  if (!run) throw new Response(`Unknown action ${intent}`, { status: 400 });
  try {
    const result = await run({ context, token, form, zone: user.timeZone });
    // A refusal of the form's input is a 400 (the form shows it), so nothing counts it as success.
    return 'errors' in result ? data(result, { status: 400 }) : done(result);
  } catch (error) {
    // A task changed elsewhere since this page loaded: show it as it is now.
    if (isApiProblem(error) && (error.status === 412 || error.status === 409 || error.status === 404)) {
      if (formIntents.has(intent)) return formProblem(error);
      return done({ message: `Not changed: ${error.message}. The list now shows the current state.` });
    }
    if (isApiProblem(error) && error.status >= 500) throw problemResponse(error);
    return formProblem(error);
  }
}

export default function Tasks() {
  const { page, filters, zone, addKey } = useLoaderData<typeof loader>();
  const result = useKeptActionData<{ errors?: Record<string, string> }>();
  const errors = result?.errors ?? {};
  const [params] = useSearchParams();
  const [help, setHelp] = useState(false);
  useListShortcuts(setHelp);
  const next = new URLSearchParams(params);
  if (page.nextCursor) next.set('cursor', page.nextCursor);
  const first = new URLSearchParams(params);
  first.delete('cursor');

  return (
    <div className="space-y-4">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-bold">Tasks</h1>
        <button type="button" className="text-sm text-slate-500 underline" onClick={() => setHelp((open) => !open)}>
          Keyboard shortcuts
        </button>
      </div>
      {help ? <ShortcutHelp /> : null}
      <QuickAddForm
        intent="quick-add"
        label="Quick add"
        fieldId="quick-add-title"
        addKey={addKey}
        zone={zone}
        placeholder="Add a task… tomorrow 9am, every mon, #tag, !1, @project — press n"
        error={errors.title}
      />
      <FilterForm filters={filters} />
      <BulkActions errors={errors} />
      {page.items.length === 0 ? (
        <p className="card text-slate-600">
          {isFiltered(filters) ? 'No task matches these filters.' : 'Nothing here yet. Add your first task above.'}
        </p>
      ) : (
        <ul className="card divide-y divide-slate-100 p-1" aria-label="Tasks">
          {page.items.map((task) => (
            <TaskRow key={task.id} task={task} zone={zone} />
          ))}
        </ul>
      )}
      <nav aria-label="Pages" className="flex justify-between">
        {filters.cursor ? (
          <Link to={`?${first}`} className="btn">
            ← First page
          </Link>
        ) : (
          <span />
        )}
        {page.nextCursor ? (
          <Link to={`?${next}`} className="btn">
            Next page →
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
