import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { useEffect, useState } from 'react';
import { Field, FormError } from '../components/field';
import { taskUpdateEvent } from '../components/live-updates';
import { type Recurrence, RecurrenceEditor } from '../components/recurrence-editor';
import { RemindersEditor } from '../components/reminders-editor';
import { DueBadge } from '../components/task-badges';
import { TaskHistory } from '../components/task-history';
import { TimeZoneInput } from '../components/time-zone-input';
import { callApp } from '../lib/api.server';
import { isApiProblem } from '../lib/api-problem';
import { toLocalInput, tomorrowMorning } from '../lib/dates';
import { idField, pathId, text } from '../lib/form-data';
import { jsonField, TaskFieldsJson, TaskPatchJson } from '../lib/json-field.server';
import { formProblem, loaded, problemResponse } from '../lib/responses.server';
import { commitHeaders, pushToast, requireUser } from '../lib/session.server';
import { type RowIntent, runRowIntent } from '../lib/task-actions.server';
import { priorities } from '../lib/task-filters';
import {
  changedFields,
  fieldsOf,
  readRecurrenceForm,
  readReminderForm,
  readTaskForm,
  type TaskFields,
} from '../lib/task-form';
import type { AuditEntry, Reminder, Task, TaskUpdate } from '../lib/types';
import type { RulePreview } from './recurrence-preview';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.task.title ?? 'Task'} · Taskmesh` }];

const orNull = <T,>(call: Promise<{ data: T }>) =>
  call.then(
    (r) => r.data,
    (error) => {
      if (isApiProblem(error) && error.status === 404) return null;
      throw error;
    },
  );

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, token } = await requireUser(request, context);
  const id = pathId(params);
  const task = await loaded(callApp<Task>(context, 'tasks-api', 'GET', invocationPath`/tasks/${id}`, { token }));
  const [reminders, recurrence, history, recent] = await Promise.all([
    loaded(
      callApp<{ items: Reminder[] }>(context, 'tasks-api', 'GET', invocationPath`/tasks/${id}/reminders`, { token }),
    ),
    orNull(callApp<Recurrence>(context, 'tasks-api', 'GET', invocationPath`/tasks/${id}/recurrence`, { token })),
    // History is worth showing, not worth failing the page for when audit-agent is away.
    callApp<{ items: AuditEntry[] }>(context, 'audit-agent', 'GET', invocationPath`/audit-entries`, {
      token,
      query: { taskId: id, order: 'desc', limit: '50' },
    })
      .then((r) => r.data.items)
      .catch(() => null),
    // Tag suggestions: the tags on the user's recent tasks.
    callApp<{ items: Task[] }>(context, 'tasks-api', 'GET', invocationPath`/tasks`, {
      token,
      query: { limit: '100', sort: 'created' },
    })
      .then((r) => r.data.items)
      .catch(() => []),
  ]);
  const tagCounts = new Map<string, number>();
  for (const t of recent) for (const tag of t.tags) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
  const zone = task.timeZone ?? user.timeZone;
  return {
    task,
    zone,
    user,
    reminders: reminders.items,
    recurrence,
    history,
    tagSuggestions: [...tagCounts.entries()].sort((a, b) => b[1] - a[1]).map(([tag]) => tag),
  };
}

type Conflict = { current: Task; attempted: Partial<TaskFields>; changedElsewhere: Array<keyof TaskFields> };
type ActionResult = {
  errors?: Record<string, string>;
  section?: 'task' | 'recurrence' | 'reminders';
  conflict?: Conflict;
  preview?: RulePreview;
};

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, token, session } = await requireUser(request, context);
  const id = pathId(params);
  const form = await request.formData();
  const intent = String(form.get('intent'));
  const done = async (message: string, to = `/tasks/${id}`) => {
    pushToast(session, { message });
    return redirect(to, { headers: await commitHeaders(session, context) });
  };
  // The fields as the form (or conflict panel) showed them: what a change is measured against.
  const original = () => jsonField(form, 'original', TaskFieldsJson);
  /**
   * PATCHes only the changed fields, based on the version the user saw
   * (If-Match). A stale version is a 412 with the task as it is now: the
   * conflict panel shows it with what changed there and the user's changes.
   */
  const savePatch = async (patch: Partial<TaskFields>, message: string) => {
    try {
      const { data: task } = await callApp<Task>(context, 'tasks-api', 'PATCH', invocationPath`/tasks/${id}`, {
        token,
        body: patch,
        headers: { 'if-match': `"${text(form, 'version') ?? ''}"` },
      });
      // ?saved= gives the editor a fresh form with the saved version.
      return done(message, `/tasks/${id}?saved=${task.version}`);
    } catch (error) {
      if (!isApiProblem(error) || error.status !== 412) return fail('task', error);
      const current = error.problem.current as Task;
      const changedElsewhere = Object.keys(changedFields(original(), fieldsOf(current))) as Array<keyof TaskFields>;
      return data<ActionResult>(
        { conflict: { current, attempted: patch, changedElsewhere }, section: 'task' },
        { status: 412 },
      );
    }
  };
  const fail = (section: ActionResult['section'], error: unknown) => {
    const result = formProblem(error);
    return data({ ...result.data, section } as ActionResult, { status: result.init?.status ?? 400 });
  };
  switch (intent) {
    case 'save': {
      const { fields, errors } = readTaskForm(form, user.timeZone);
      if (Object.keys(errors).length > 0) return data<ActionResult>({ errors, section: 'task' }, { status: 400 });
      const patch = changedFields(original(), fields);
      if (Object.keys(patch).length === 0) return done('Nothing to save');
      return savePatch(patch, 'Saved');
    }
    case 'reapply':
      // The user's own changes from the conflict panel, over the version they have now seen.
      return savePatch(jsonField(form, 'patch', TaskPatchJson), 'Your changes were reapplied');
    case 'set-recurrence':
    case 'preview-recurrence': {
      const { rule, errors } = readRecurrenceForm(form, user.timeZone);
      if (!rule) return data<ActionResult>({ errors, section: 'recurrence' }, { status: 400 });
      try {
        if (intent === 'preview-recurrence') {
          const { data: preview } = await callApp<RulePreview>(
            context,
            'tasks-api',
            'POST',
            invocationPath`/recurrence/preview`,
            {
              token,
              body: { ...rule, count: 5 },
            },
          );
          return { preview, section: 'recurrence' } as ActionResult;
        }
        await callApp(context, 'tasks-api', 'PUT', invocationPath`/tasks/${id}/recurrence`, { token, body: rule });
        return done('Repeat saved');
      } catch (error) {
        return fail('recurrence', error);
      }
    }
    case 'end-recurrence':
      try {
        await callApp(context, 'tasks-api', 'DELETE', invocationPath`/tasks/${id}/recurrence`, { token });
        return done('This task no longer repeats');
      } catch (error) {
        return fail('recurrence', error);
      }
    case 'add-reminder': {
      const task = await loaded(callApp<Task>(context, 'tasks-api', 'GET', invocationPath`/tasks/${id}`, { token }));
      const { body, errors } = readReminderForm(form, task.timeZone ?? user.timeZone);
      if (!body) return data<ActionResult>({ errors, section: 'reminders' }, { status: 400 });
      try {
        await callApp(context, 'tasks-api', 'POST', invocationPath`/tasks/${id}/reminders`, { token, body });
        return done('Reminder added');
      } catch (error) {
        return fail('reminders', error);
      }
    }
    case 'delete-reminder':
      try {
        await callApp(
          context,
          'tasks-api',
          'DELETE',
          invocationPath`/tasks/${id}/reminders/${idField(form, 'reminderId')}`,
          {
            token,
          },
        );
        return done('Reminder removed');
      } catch (error) {
        return fail('reminders', error);
      }
    case 'complete':
    case 'reopen':
    case 'delete':
      try {
        const toast = await runRowIntent(context, token, intent as RowIntent, id, text(form, 'version'));
        pushToast(session, toast);
        return redirect(intent === 'delete' ? '/tasks' : `/tasks/${id}`, {
          headers: await commitHeaders(session, context),
        });
      } catch (error) {
        if (isApiProblem(error) && error.status < 500) return done(`Not changed: ${error.message}`);
        throw isApiProblem(error) ? problemResponse(error) : error;
      }
    default:
      throw new Response(`Unknown action ${intent}`, { status: 400 });
  }
}

const fieldLabels: Record<keyof TaskFields, string> = {
  title: 'Title',
  description: 'Description',
  priority: 'Priority',
  status: 'Status',
  tags: 'Tags',
  dueAt: 'Due',
  timeZone: 'Time zone',
};

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ') || '—';
  return String(value);
}

/** Someone saved first: their version beside the user's changes, and a way to reapply them on top. */
function ConflictPanel({ conflict }: { conflict: Conflict }) {
  const { current, attempted, changedElsewhere } = conflict;
  const fields = [...new Set([...changedElsewhere, ...(Object.keys(attempted) as Array<keyof TaskFields>)])];
  return (
    <section role="alert" aria-labelledby="conflict-title" className="card border-amber-300 bg-amber-50">
      <h2 id="conflict-title" className="font-semibold text-amber-900">
        This task was changed while you were editing it
      </h2>
      <p className="mt-1 text-sm text-amber-900">
        It is now at version {current.version}. Your changes were not saved. Reapply them on top of the current version,
        or keep the current one.
      </p>
      <table className="mt-3 w-full text-left text-sm">
        <thead>
          <tr>
            <th className="py-1 pr-2">Field</th>
            <th className="py-1 pr-2">Now</th>
            <th className="py-1">Yours</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr key={field} className="border-t border-amber-200">
              <td className="py-1 pr-2 font-medium">{fieldLabels[field]}</td>
              <td className="py-1 pr-2" data-testid={`conflict-current-${field}`}>
                {show(current[field])}
              </td>
              <td className="py-1" data-testid={`conflict-yours-${field}`}>
                {field in attempted ? (
                  show(attempted[field])
                ) : (
                  <span className="text-slate-500">(you did not change it)</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="mt-3 flex flex-wrap gap-2">
        <Form method="post">
          <input type="hidden" name="intent" value="reapply" />
          <input type="hidden" name="version" value={current.version} />
          <input type="hidden" name="patch" value={JSON.stringify(attempted)} />
          <input type="hidden" name="original" value={JSON.stringify(fieldsOf(current))} />
          <button type="submit" className="btn btn-primary">
            Reapply my changes
          </button>
        </Form>
        <Link to={`?saved=${current.version}`} className="btn" replace>
          Keep the current version
        </Link>
      </div>
    </section>
  );
}

/** Tells the user when the task they are editing changed elsewhere (live), before they save into a conflict. */
function useChangedElsewhere(taskId: string, formVersion: number): number | null {
  const [newer, setNewer] = useState<number | null>(null);
  useEffect(() => {
    const onUpdate = (event: Event) => {
      const update = (event as CustomEvent<TaskUpdate>).detail;
      if (update.taskId === taskId && update.version > formVersion) setNewer(update.version);
    };
    window.addEventListener(taskUpdateEvent, onUpdate);
    return () => window.removeEventListener(taskUpdateEvent, onUpdate);
  }, [taskId, formVersion]);
  return newer;
}

function TaskForm({
  task,
  zone,
  tagSuggestions,
  errors,
}: {
  task: Task;
  zone: string;
  tagSuggestions: string[];
  errors: Record<string, string>;
}) {
  // The version this form was filled from: saving is based on it, even when the page data refreshes live.
  const [formVersion] = useState(task.version);
  const [original] = useState(() => JSON.stringify(fieldsOf(task)));
  const newer = useChangedElsewhere(task.id, formVersion);
  const busy = useNavigation().formData?.get('intent') === 'save';
  return (
    <Form method="post" className="space-y-4" aria-label="Edit task">
      <input type="hidden" name="version" value={formVersion} />
      <input type="hidden" name="original" value={original} />
      {newer ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          This task was changed elsewhere (now version {newer}). If you save, you will see both versions first.
        </p>
      ) : null}
      <FormError error={errors.form} />
      <Field label="Title" name="title" error={errors.title}>
        {(props) => <input {...props} defaultValue={task.title} required maxLength={500} className="input" />}
      </Field>
      <Field label="Description" name="description" error={errors.description}>
        {(props) => <textarea {...props} defaultValue={task.description ?? ''} rows={4} className="input" />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Priority" name="priority" error={errors.priority}>
          {(props) => (
            <select {...props} defaultValue={task.priority} className="input">
              {[...priorities].reverse().map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Status" name="status" error={errors.status}>
          {(props) => (
            <select {...props} defaultValue={task.status} className="input">
              <option value="todo">To do</option>
              <option value="in_progress">In progress</option>
              <option value="done">Done</option>
            </select>
          )}
        </Field>
        <Field label={`Due (${zone})`} name="dueAt" error={errors.dueAt}>
          {(props) => (
            <input {...props} type="datetime-local" defaultValue={toLocalInput(task.dueAt, zone)} className="input" />
          )}
        </Field>
        <Field label="Time zone" name="timeZone" error={errors.timeZone} hint="Empty: your own zone.">
          {(props) => <TimeZoneInput {...props} defaultValue={task.timeZone ?? ''} />}
        </Field>
      </div>
      <Field label="Tags" name="tags" error={errors.tags} hint="Separate with commas or spaces.">
        {(props) => (
          <>
            <input {...props} defaultValue={task.tags.join(', ')} list="tag-suggestions" className="input" />
            <datalist id="tag-suggestions">
              {tagSuggestions.map((tag) => (
                <option key={tag} value={tag} />
              ))}
            </datalist>
            {tagSuggestions.length > 0 ? (
              <p className="mt-1 text-xs text-slate-500">Your tags: {tagSuggestions.slice(0, 12).join(', ')}</p>
            ) : null}
          </>
        )}
      </Field>
      <button type="submit" name="intent" value="save" className="btn btn-primary" disabled={busy}>
        {busy ? 'Saving…' : 'Save'}
      </button>
    </Form>
  );
}

export default function TaskEditor() {
  const { task, zone, user, reminders, recurrence, history, tagSuggestions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const errorsFor = (section: ActionResult['section']) => (result?.section === section ? (result?.errors ?? {}) : {});
  const defaultAnchor = task.dueAt ? toLocalInput(task.dueAt, zone) : tomorrowMorning(zone);
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb">
        <Link to="/tasks" className="text-sm text-indigo-700 underline">
          ← All tasks
        </Link>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h1 className="text-2xl font-bold">{task.title}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <span data-testid="task-status">
              {task.status === 'done' ? 'Done' : task.status === 'in_progress' ? 'In progress' : 'To do'}
            </span>
            <DueBadge task={task} zone={zone} />
            {task.occurrenceIndex ? <span>Occurrence {task.occurrenceIndex + 1}</span> : null}
          </p>
        </div>
        <div className="flex gap-2">
          <Form method="post">
            <input type="hidden" name="version" value={task.version} />
            {task.status === 'done' ? (
              <button type="submit" name="intent" value="reopen" className="btn">
                Reopen
              </button>
            ) : (
              <button type="submit" name="intent" value="complete" className="btn btn-primary">
                Complete
              </button>
            )}
          </Form>
          <Form method="post">
            <input type="hidden" name="version" value={task.version} />
            <button type="submit" name="intent" value="delete" className="btn btn-danger">
              Delete
            </button>
          </Form>
        </div>
      </div>
      {result?.conflict ? <ConflictPanel conflict={result.conflict} /> : null}
      <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
        <section aria-labelledby="details-title" className="card">
          <h2 id="details-title" className="mb-3 text-lg font-semibold">
            Details
          </h2>
          <TaskForm
            key={`${task.id}:${params.get('saved') ?? ''}`}
            task={task}
            zone={zone}
            tagSuggestions={tagSuggestions}
            errors={errorsFor('task')}
          />
        </section>
        <div className="space-y-4">
          <section aria-labelledby="repeat-title" className="card">
            <h2 id="repeat-title" className="mb-3 text-lg font-semibold">
              Repeat
            </h2>
            <RecurrenceEditor
              // A new rule or due date refills the form (its inputs are uncontrolled).
              key={`${recurrence?.rrule ?? ''}|${recurrence?.anchor ?? ''}|${task.dueAt ?? ''}|${zone}`}
              recurrence={recurrence}
              defaultAnchor={defaultAnchor}
              zone={zone}
              errors={errorsFor('recurrence')}
              preview={result?.section === 'recurrence' ? result.preview : undefined}
            />
          </section>
          <section aria-labelledby="reminders-title" className="card">
            <h2 id="reminders-title" className="mb-3 text-lg font-semibold">
              Reminders
            </h2>
            <RemindersEditor
              key={`${reminders.map((r) => r.id).join()}|${task.dueAt ?? ''}`}
              reminders={reminders}
              zone={zone}
              defaultChannels={user.defaultReminderChannels}
              hasDue={task.dueAt !== null}
              errors={errorsFor('reminders')}
            />
          </section>
        </div>
      </div>
      <section aria-labelledby="history-title" className="card">
        <h2 id="history-title" className="mb-3 text-lg font-semibold">
          History
        </h2>
        {history ? (
          <TaskHistory entries={history} userId={user.id} zone={zone} />
        ) : (
          <p className="text-sm text-slate-600">The history is unavailable right now.</p>
        )}
      </section>
    </div>
  );
}
