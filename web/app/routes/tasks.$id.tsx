import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { AssigneePicker } from '../components/collaboration/assignee-picker';
import { CommentThread } from '../components/collaboration/comment-thread';
import type { Recurrence } from '../components/recurrence-editor';
import { RecurrenceEditor } from '../components/recurrence-editor';
import { RemindersEditor } from '../components/reminders-editor';
import { DueBadge } from '../components/task-badges';
import { ConflictPanel } from '../components/task-editor/conflict-panel';
import { TaskForm } from '../components/task-editor/task-form';
import { TaskHistory } from '../components/task-history';
import { callApp } from '../lib/api.server';
import { isApiProblem } from '../lib/api-problem';
import { toLocalInput, tomorrowMorning } from '../lib/dates';
import { pathId } from '../lib/form-data';
import { useKeptActionData } from '../lib/kept-action-data';
import { getProject, listMembers } from '../lib/projects.server';
import { can, whoChanged } from '../lib/projects-shared';
import { loaded } from '../lib/responses.server';
import { requireUser } from '../lib/session.server';
import { taskEditorIntents } from '../lib/task-editor-intents.server';
import type { EditorResult } from '../lib/task-editor-types';
import type { AuditEntry, Comment, Member, Reminder, Task } from '../lib/types';

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
  const projectId = task.projectId;
  const [reminders, recurrence, history, recent, project, members, comments, tokens] = await Promise.all([
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
      .catch((): Task[] => []),
    // The project, its members and the comments (issue 19): who may do what, the assignee and @mention pickers.
    projectId ? getProject(context, token, projectId) : Promise.resolve(null),
    projectId ? listMembers(context, token, projectId) : Promise.resolve([] as Member[]),
    loaded(
      callApp<{ items: Comment[] }>(context, 'tasks-api', 'GET', invocationPath`/tasks/${id}/comments`, { token }),
    ),
    // The history names the user's own personal access tokens a change was made with (issue 20).
    callApp<{ items: Array<{ id: string; name: string }> }>(
      context,
      'tasks-api',
      'GET',
      invocationPath`/me/access-tokens`,
      { token },
    )
      .then((r) => Object.fromEntries(r.data.items.map((t) => [t.id, t.name])))
      .catch((): Record<string, string> => ({})),
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
    tokenNames: tokens,
    tagSuggestions: [...tagCounts.entries()].sort((a, b) => b[1] - a[1]).map(([tag]) => tag),
    project,
    members,
    comments: comments.items,
  };
}

/** Dispatches each form intent to its own function (lib/task-editor-intents.server.ts). */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, token, session } = await requireUser(request, context);
  const id = pathId(params);
  const form = await request.formData();
  const intent = String(form.get('intent'));
  const run = taskEditorIntents.get(intent);
  if (!run) throw new Response(`Unknown action ${intent}`, { status: 400 });
  return run({ context, token, session, user, id, form });
}

export default function TaskEditor() {
  const { task, zone, user, reminders, recurrence, history, tokenNames, tagSuggestions, project, members, comments } =
    useLoaderData<typeof loader>();
  // Kept across live reloads: a conflict panel stays until the user moves on.
  const result = useKeptActionData<EditorResult>();
  const [params] = useSearchParams();
  const errorsFor = (section: EditorResult['section']) => (result?.section === section ? (result?.errors ?? {}) : {});
  const defaultAnchor = task.dueAt ? toLocalInput(task.dueAt, zone) : tomorrowMorning(zone);
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="flex gap-3">
        <Link to="/tasks" className="text-sm text-indigo-700 underline">
          ← All tasks
        </Link>
        {project ? (
          <Link to={`/projects/${project.id}`} className="text-sm text-indigo-700 underline">
            {project.isInbox ? 'Inbox' : project.name}
          </Link>
        ) : null}
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
      {result?.conflict ? (
        <ConflictPanel
          conflict={result.conflict}
          changedBy={whoChanged(result.conflict.current.updatedBy, members, user.id)}
        />
      ) : null}
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
      <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
        <section aria-labelledby="comments-title" className="card" id="comments">
          <h2 id="comments-title" className="mb-3 text-lg font-semibold">
            Comments
          </h2>
          <CommentThread
            comments={comments}
            members={members}
            userId={user.id}
            canComment={can.comment(project?.role ?? null)}
            isOwner={can.manage(project?.role ?? null)}
            zone={zone}
            error={errorsFor('comments').form ?? Object.values(errorsFor('comments')).join('; ')}
          />
        </section>
        <section aria-labelledby="assignees-title" className="card" id="assignees">
          <h2 id="assignees-title" className="mb-3 text-lg font-semibold">
            Assigned to
          </h2>
          <AssigneePicker
            task={task}
            members={members}
            editable={can.editTasks(project?.role ?? null)}
            error={Object.values(errorsFor('assignees')).join('; ') || undefined}
          />
        </section>
      </div>
      <section aria-labelledby="history-title" className="card">
        <h2 id="history-title" className="mb-3 text-lg font-semibold">
          History
        </h2>
        {history ? (
          <TaskHistory entries={history} userId={user.id} zone={zone} tokenNames={tokenNames} />
        ) : (
          <p className="text-sm text-slate-600">The history is unavailable right now.</p>
        )}
      </section>
    </div>
  );
}
