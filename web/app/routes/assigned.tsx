import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { ProjectDot } from '../components/project-sidebar';
import { TaskRow } from '../components/task-list/task-row';
import { callApp } from '../lib/api.server';
import { isApiProblem } from '../lib/api-problem';
import { listProjects } from '../lib/projects.server';
import { loaded, problemResponse } from '../lib/responses.server';
import { commitHeaders, pushToast, requireUser } from '../lib/session.server';
import { rowIntent } from '../lib/task-list-intents.server';
import type { Task } from '../lib/types';

export const meta: MetaFunction = () => [{ title: 'Assigned to me · Taskmesh' }];

/** The tasks assigned to the user across all their projects (GET /tasks?assignee=me), grouped by project. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, token } = await requireUser(request, context);
  const [page, projects] = await Promise.all([
    loaded(
      callApp<{ items: Task[]; nextCursor: string | null }>(context, 'tasks-api', 'GET', invocationPath`/tasks`, {
        token,
        query: { assignee: 'me', limit: '100', sort: 'due' },
      }),
    ),
    listProjects(context, token).catch(() => []),
  ]);
  return { tasks: page.items, projects, zone: user.timeZone };
}

/** The rows' complete, reopen and delete, as on the task list. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { token, session } = await requireUser(request, context);
  const form = await request.formData();
  const intent = String(form.get('intent'));
  if (intent !== 'complete' && intent !== 'reopen' && intent !== 'delete')
    throw new Response(`Unknown action ${intent}`, { status: 400 });
  try {
    const result = await rowIntent(intent)({ context, token, form });
    if (!('errors' in result)) pushToast(session, result);
  } catch (error) {
    if (!isApiProblem(error) || error.status >= 500) throw isApiProblem(error) ? problemResponse(error) : error;
    pushToast(session, { message: `Not changed: ${error.message}` });
  }
  return redirect('/assigned', { headers: await commitHeaders(session, context) });
}

export default function AssignedToMe() {
  const { tasks, projects, zone } = useLoaderData<typeof loader>();
  const groups = new Map<string, Task[]>();
  for (const task of tasks) groups.set(task.projectId ?? '', [...(groups.get(task.projectId ?? '') ?? []), task]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Assigned to me</h1>
      {tasks.length === 0 ? (
        <p className="card text-slate-600">Nothing is assigned to you.</p>
      ) : (
        [...groups.entries()].map(([projectId, items]) => {
          const project = projects.find((p) => p.id === projectId);
          const name = project ? (project.isInbox ? 'Inbox' : project.name) : 'Other project';
          return (
            <section key={projectId} aria-label={name} className="space-y-1">
              <h2 className="flex items-center gap-2 text-lg font-semibold">
                <ProjectDot color={project?.color ?? null} />
                {name}
              </h2>
              <ul className="card divide-y divide-slate-100 p-1" aria-label={`Assigned in ${name}`}>
                {items.map((task) => (
                  <TaskRow key={task.id} task={task} zone={zone} />
                ))}
              </ul>
            </section>
          );
        })
      )}
    </div>
  );
}
