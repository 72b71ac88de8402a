import { createHash, randomUUID } from 'node:crypto';
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { DueBadge, PriorityBadge } from '../components/task-badges';
import { callApp } from '../lib/api.server';
import { isApiProblem } from '../lib/api-problem';
import { idField, list, tagList, text } from '../lib/form-data';
import { parseQuickAdd } from '../lib/quick-add';
import { formProblem, loaded, problemResponse } from '../lib/responses.server';
import { commitHeaders, pushToast, requireUser } from '../lib/session.server';
import { type RowIntent, runRowIntent } from '../lib/task-actions.server';
import { isFiltered, priorities, readFilters, toApiQuery } from '../lib/task-filters';
import type { Task, Toast } from '../lib/types';

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

const rowIntents: RowIntent[] = ['complete', 'reopen', 'delete'];

export async function action({ request, context }: ActionFunctionArgs) {
  const { token, session } = await requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get('intent'));
  const back = new URL(request.url);
  back.searchParams.delete('index');
  const done = async (message: Toast) => {
    pushToast(session, message);
    return redirect(back.pathname + back.search, { headers: await commitHeaders(session, context) });
  };
  try {
    if (intent === 'quick-add') {
      const parsed = parseQuickAdd(text(form, 'title') ?? '');
      const { data: task } = await callApp<Task>(context, 'tasks-api', 'POST', invocationPath`/tasks`, {
        token,
        body: { title: parsed.title, tags: parsed.tags, ...(parsed.priority ? { priority: parsed.priority } : {}) },
        // The page's key plus the text: a double submit of one add is one task,
        // while two different adds before the page reloads stay two.
        headers: {
          'idempotency-key': `${text(form, 'idempotencyKey') ?? randomUUID()}:${createHash('sha256')
            .update(text(form, 'title') ?? '')
            .digest('hex')
            .slice(0, 16)}`,
        },
      });
      return done({ message: `Added “${task.title}”` });
    }
    if (rowIntents.includes(intent as RowIntent)) {
      const taskId = idField(form, 'taskId');
      return done(await runRowIntent(context, token, intent as RowIntent, taskId, text(form, 'version')));
    }
    if (intent === 'bulk') {
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
      return done({
        message: `${verb} ${data.changed} task${data.changed === 1 ? '' : 's'}`,
        ...(undo ? { undo } : {}),
      });
    }
    throw new Response(`Unknown action ${intent}`, { status: 400 });
  } catch (error) {
    // A task changed elsewhere since this page loaded: show it as it is now.
    if (isApiProblem(error) && (error.status === 412 || error.status === 409 || error.status === 404)) {
      if (intent === 'quick-add' || intent === 'bulk') return formProblem(error);
      return done({ message: `Not changed: ${error.message}. The list now shows the current state.` });
    }
    if (isApiProblem(error) && error.status >= 500) throw problemResponse(error);
    return formProblem(error);
  }
}

function RowButton({
  task,
  intent,
  label,
  className,
}: {
  task: Task;
  intent: RowIntent;
  label: string;
  className?: string;
}) {
  return (
    <Form method="post" data-intent={intent}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="taskId" value={task.id} />
      <input type="hidden" name="version" value={task.version} />
      <button type="submit" className={className ?? 'btn'} aria-label={`${label}: ${task.title}`}>
        {label}
      </button>
    </Form>
  );
}

function TaskRow({ task, zone }: { task: Task; zone: string }) {
  const done = task.status === 'done';
  return (
    <li
      className="group flex flex-wrap items-start gap-x-3 gap-y-1 rounded-md border border-transparent px-2 py-2 focus-within:border-indigo-200 focus:outline-none focus-visible:border-indigo-400 focus-visible:bg-indigo-50 hover:bg-white"
      tabIndex={-1}
      data-task-row={task.id}
    >
      <input
        type="checkbox"
        name="ids"
        value={task.id}
        form="bulk-form"
        className="mt-1.5 h-4 w-4"
        aria-label={`Select ${task.title}`}
      />
      <div className="min-w-0 flex-1 basis-[calc(100%-2.5rem)] sm:basis-0">
        <Link
          to={`/tasks/${task.id}`}
          className={`block break-words font-medium hover:underline ${done ? 'text-slate-400 line-through' : ''}`}
        >
          {task.title}
        </Link>
        <div className="mt-0.5 flex flex-wrap items-center gap-1.5">
          <PriorityBadge priority={task.priority} />
          {task.seriesId ? (
            <span className="chip" title="Repeats">
              ↻ repeats
            </span>
          ) : null}
          {task.tags.map((tag) => (
            <Link key={tag} to={`/tasks?tags=${encodeURIComponent(tag)}`} className="chip hover:bg-slate-200">
              #{tag}
            </Link>
          ))}
          <DueBadge task={task} zone={zone} />
        </div>
      </div>
      <div className="ml-7 flex shrink-0 gap-1 sm:ml-0">
        {done ? (
          <RowButton task={task} intent="reopen" label="Reopen" />
        ) : (
          <RowButton task={task} intent="complete" label="Complete" className="btn btn-primary" />
        )}
        <RowButton task={task} intent="delete" label="Delete" className="btn btn-danger" />
      </div>
    </li>
  );
}

const shortcuts = [
  ['n', 'Quick add a task'],
  ['/', 'Search'],
  ['j / k', 'Next / previous task'],
  ['c', 'Complete (or reopen) the focused task'],
  ['Enter', 'Open the focused task'],
  ['?', 'Show these shortcuts'],
] as const;

/** n, /, j, k, c, Enter and ? on the list; ignored while typing in a field. */
function useListShortcuts(setHelp: (update: (open: boolean) => boolean) => void) {
  useEffect(() => {
    const rows = () => [...document.querySelectorAll<HTMLElement>('[data-task-row]')];
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable) {
        if (event.key === 'Escape') target.blur();
        return;
      }
      const all = rows();
      const current = target.closest<HTMLElement>('[data-task-row]');
      const index = current ? all.indexOf(current) : -1;
      const focusRow = (i: number) => all[Math.max(0, Math.min(all.length - 1, i))]?.focus();
      switch (event.key) {
        case 'n':
          document.getElementById('quick-add-title')?.focus();
          break;
        case '/':
          document.getElementById('search')?.focus();
          break;
        case 'j':
          focusRow(index + 1);
          break;
        case 'k':
          focusRow(index < 0 ? 0 : index - 1);
          break;
        case 'c':
          current
            ?.querySelector<HTMLButtonElement>('[data-intent=complete] button, [data-intent=reopen] button')
            ?.click();
          break;
        case 'Enter':
          if (current === target) current.querySelector<HTMLAnchorElement>('a')?.click();
          else return;
          break;
        case '?':
          setHelp((open) => !open);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setHelp]);
}

export default function Tasks() {
  const { page, filters, zone, addKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { errors?: Record<string, string> } | undefined;
  const errors = result?.errors ?? {};
  const navigation = useNavigation();
  const submit = useSubmit();
  const [params] = useSearchParams();
  const [help, setHelp] = useState(false);
  const filterForm = useRef<HTMLFormElement>(null);
  const searchTimer = useRef<ReturnType<typeof setTimeout>>();
  useListShortcuts(setHelp);
  const adding = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'quick-add';
  // Cleared once an add went through (not remounted: a live update must not wipe what is being typed).
  const quickAddForm = useRef<HTMLFormElement>(null);
  const wasAdding = useRef(false);
  useLayoutEffect(() => {
    if (wasAdding.current && !adding && !errors.title) quickAddForm.current?.reset();
    wasAdding.current = adding;
  }, [adding, errors.title]);
  // With JavaScript the filters apply as they change (search after a pause); without, the Apply button does.
  const applyFilters = (delay = 0) => {
    clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => submit(filterForm.current, { replace: true }), delay);
  };
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
      {help ? (
        <section aria-label="Keyboard shortcuts" className="card">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            {shortcuts.map(([key, what]) => (
              <div key={key} className="contents">
                <dt>
                  <kbd className="rounded border bg-slate-50 px-1.5 font-mono">{key}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      <Form method="post" className="flex gap-2" ref={quickAddForm} aria-label="Quick add">
        <input type="hidden" name="intent" value="quick-add" />
        <input type="hidden" name="idempotencyKey" value={addKey} />
        <label htmlFor="quick-add-title" className="sr-only">
          New task
        </label>
        <input
          id="quick-add-title"
          name="title"
          required
          placeholder="Add a task… (#tag, !high)  — press n"
          className="input"
          aria-invalid={Boolean(errors.title)}
          aria-describedby={errors.title ? 'quick-add-error' : undefined}
        />
        <button type="submit" className="btn btn-primary" disabled={adding}>
          Add
        </button>
      </Form>
      {errors.title ? (
        <p id="quick-add-error" className="field-error" role="alert">
          {errors.title}
        </p>
      ) : null}

      <Form
        method="get"
        ref={filterForm}
        className="card grid grid-cols-2 gap-3 sm:grid-cols-4"
        aria-label="Filters"
        onChange={(event) => applyFilters((event.target as HTMLElement).id === 'search' ? 300 : 0)}
      >
        <div className="col-span-2 sm:col-span-4">
          <label htmlFor="search" className="sr-only">
            Search
          </label>
          <input
            id="search"
            name="q"
            type="search"
            defaultValue={filters.q}
            placeholder="Search titles and descriptions — press /"
            className="input"
          />
        </div>
        <div>
          <label htmlFor="show" className="label">
            Show
          </label>
          <select id="show" name="show" defaultValue={filters.show} className="input">
            <option value="open">Open</option>
            <option value="done">Done</option>
            <option value="all">All</option>
          </select>
        </div>
        <div>
          <label htmlFor="sort" className="label">
            Sort by
          </label>
          <select id="sort" name="sort" defaultValue={filters.sort} className="input">
            <option value="">{filters.q ? 'Relevance' : 'Due date'}</option>
            <option value="due">Due date</option>
            <option value="priority">Priority</option>
            <option value="created">Newest</option>
            <option value="relevance">Relevance (search)</option>
          </select>
        </div>
        <div>
          <label htmlFor="filter-tags" className="label">
            Tags
          </label>
          <input id="filter-tags" name="tags" defaultValue={filters.tags} placeholder="home, work" className="input" />
        </div>
        <fieldset>
          <legend className="label">Priority</legend>
          <div className="flex flex-wrap gap-x-2 text-sm">
            {priorities.map((p) => (
              <label key={p} className="flex items-center gap-1">
                <input type="checkbox" name="priority" value={p} defaultChecked={filters.priority.includes(p)} />
                {p}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="from" className="label">
            Due from
          </label>
          <input id="from" name="from" type="date" defaultValue={filters.from} className="input" />
        </div>
        <div>
          <label htmlFor="to" className="label">
            Due until
          </label>
          <input id="to" name="to" type="date" defaultValue={filters.to} className="input" />
        </div>
        <label className="flex items-center gap-2 self-end text-sm">
          <input type="checkbox" name="overdue" defaultChecked={filters.overdue} /> Overdue only
        </label>
        <div className="flex items-end gap-2">
          <button type="submit" className="btn">
            Apply
          </button>
          <Link to="/tasks" className="text-sm text-slate-600 underline">
            Clear
          </Link>
        </div>
      </Form>

      <details className="group">
        <summary className="cursor-pointer text-sm font-medium text-slate-700">Bulk actions on selected tasks</summary>
        <Form method="post" id="bulk-form" className="mt-2 flex flex-wrap items-end gap-2" aria-label="Bulk actions">
          <input type="hidden" name="intent" value="bulk" />
          <div>
            <label htmlFor="bulk-action" className="label">
              With selected
            </label>
            <select id="bulk-action" name="bulkAction" className="input">
              <option value="complete">Complete</option>
              <option value="delete">Delete</option>
              <option value="tag">Add/remove tags</option>
            </select>
          </div>
          <div>
            <label htmlFor="bulk-add" className="label">
              Add tags
            </label>
            <input id="bulk-add" name="addTags" className="input" placeholder="for Add/remove tags" />
          </div>
          <div>
            <label htmlFor="bulk-remove" className="label">
              Remove tags
            </label>
            <input id="bulk-remove" name="removeTags" className="input" />
          </div>
          <button type="submit" className="btn">
            Apply to selected
          </button>
          {errors.ids || errors.add || errors.form ? (
            <p className="field-error w-full" role="alert">
              {errors.ids ?? errors.add ?? errors.form}
            </p>
          ) : null}
        </Form>
      </details>

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
