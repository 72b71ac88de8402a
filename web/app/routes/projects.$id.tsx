import { randomUUID } from 'node:crypto';
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { PageError } from '../components/page-error';
import { ProjectDot } from '../components/project-sidebar';
import { AddTaskForm, ProjectSettings, SectionForm } from '../components/projects/project-forms';
import { ShareDialog } from '../components/projects/share-dialog';
import { TaskRow } from '../components/task-list/task-row';
import { callApp } from '../lib/api.server';
import { isApiProblem } from '../lib/api-problem';
import { pathId } from '../lib/form-data';
import { useKeptActionData } from '../lib/kept-action-data';
import { getProject, listMembers, listProjectTasks, listSections } from '../lib/projects.server';
import { can, shareIntents } from '../lib/projects-shared';
import { type ProjectResult, projectIntents } from '../lib/project-intents.server';
import { formProblem, problemResponse } from '../lib/responses.server';
import { commitHeaders, pushToast, requireUser } from '../lib/session.server';
import type { Invite, Task } from '../lib/types';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.project.isInbox ? 'Inbox' : (data?.project.name ?? 'Project')} · Taskmesh` },
];

const roleWords = { owner: 'the owner', editor: 'an editor', commenter: 'a commenter', viewer: 'a viewer' } as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, token } = await requireUser(request, context);
  const projectId = pathId(params);
  const url = new URL(request.url);
  const project = await getProject(context, token, projectId);
  const sharing = url.searchParams.has('share') && !project.isInbox;
  const [sections, members, tasks, invites] = await Promise.all([
    listSections(context, token, projectId),
    listMembers(context, token, projectId),
    listProjectTasks(context, token, projectId),
    // Invite links are the owner's to see; nobody else is asked for them.
    sharing && can.manage(project.role)
      ? callApp<{ items: Invite[] }>(context, 'tasks-api', 'GET', invocationPath`/projects/${projectId}/invites`, {
          token,
        }).then((r) => r.data.items)
      : Promise.resolve([] as Invite[]),
  ]);
  return {
    user,
    project,
    sections,
    members,
    tasks: tasks.items,
    more: tasks.nextCursor !== null,
    invites,
    sharing,
    origin: url.origin,
    addKey: randomUUID(),
  };
}

/** Dispatches each form intent to its own function (lib/project-intents.server.ts); a toast, then a page. */
const rowIntents = new Set(['complete', 'reopen', 'delete']);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, token, session } = await requireUser(request, context);
  const projectId = pathId(params);
  const form = await request.formData();
  const intent = String(form.get('intent'));
  const run = projectIntents.get(intent);
  if (!run) throw new Response(`Unknown action ${intent}`, { status: 400 });
  let result: ProjectResult;
  try {
    result = await run({ context, token, userId: user.id, projectId, form, zone: user.timeZone });
  } catch (error) {
    if (isApiProblem(error) && error.status >= 500) throw problemResponse(error);
    // A row button on a task that changed meanwhile: a toast, and the page shows it as it is now.
    if (isApiProblem(error) && rowIntents.has(intent)) result = { toast: { message: `Not changed: ${error.message}` } };
    else {
      const answer = formProblem(error);
      return data({ ...answer.data, intent }, { status: answer.init?.status ?? 400 });
    }
  }
  if ('errors' in result) return data({ ...result, intent }, { status: 400 });
  if (!('toast' in result)) return { ...result, intent };
  pushToast(session, result.toast);
  return redirect(result.to ?? `/projects/${projectId}`, { headers: await commitHeaders(session, context) });
}

export type ProjectActionData = {
  intent?: string;
  errors?: Record<string, string>;
  invite?: { token: string; role: string; expiresAt: string; maxUses: number | null };
};

export default function ProjectPage() {
  const { user, project, sections, members, tasks, more, invites, sharing, origin, addKey } =
    useLoaderData<typeof loader>();
  const result = useKeptActionData<ProjectActionData>();
  const [params] = useSearchParams();
  const zone = user.timeZone;
  const errors = result?.errors && !shareIntents.has(result.intent ?? '') ? result.errors : {};
  const bySection = new Map<string | null, Task[]>();
  for (const task of tasks) {
    const key = sections.some((s) => s.id === task.sectionId) ? (task.sectionId ?? null) : null;
    bySection.set(key, [...(bySection.get(key) ?? []), task]);
  }
  const groups = [
    { id: null, name: sections.length > 0 ? 'No section' : null },
    ...sections.map((s) => ({ id: s.id, name: s.name })),
  ];
  const editable = can.editTasks(project.role);
  const shareParams = new URLSearchParams(params);
  shareParams.set('share', '1');
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <ProjectDot color={project.color} />
        <h1 className="text-2xl font-bold" data-testid="project-name">
          {project.isInbox ? 'Inbox' : project.name}
        </h1>
        {project.archivedAt ? <span className="chip">archived</span> : null}
        <span className="text-sm text-slate-500" data-testid="my-role">
          {project.role ? `You are ${roleWords[project.role]}` : 'Admin view'}
        </span>
        <span className="flex-1" />
        <Link to={`/projects/${project.id}/activity`} className="btn">
          Activity
        </Link>
        {project.isInbox ? null : (
          <Link to={`?${shareParams}`} className="btn btn-primary" preventScrollReset>
            Share
          </Link>
        )}
      </div>
      {project.isInbox ? null : (
        <p className="text-sm text-slate-600" data-testid="member-summary">
          {members.length} member{members.length === 1 ? '' : 's'}
        </p>
      )}
      {editable ? (
        <AddTaskForm addKey={addKey} zone={zone} sections={sections} error={errors.title ?? errors.form} />
      ) : null}
      {groups.map((group) => {
        const items = bySection.get(group.id) ?? [];
        if (group.id === null && items.length === 0 && sections.length > 0) return null;
        return (
          <section key={group.id ?? 'none'} aria-label={group.name ?? 'Tasks'} className="space-y-1">
            {group.name ? <h2 className="text-lg font-semibold">{group.name}</h2> : null}
            {items.length === 0 ? (
              <p className="card text-sm text-slate-600">No tasks here yet.</p>
            ) : (
              <ul className="card divide-y divide-slate-100 p-1" aria-label={`Tasks in ${group.name ?? 'the project'}`}>
                {items.map((task) => (
                  <TaskRow key={task.id} task={task} zone={zone} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
      {more ? <p className="text-sm text-slate-600">Showing the first 100 tasks.</p> : null}
      {editable && !project.isInbox ? <SectionForm error={errors.name} /> : null}
      {project.isInbox ? null : <ProjectSettings project={project} errors={errors} />}
      {sharing ? (
        <ShareDialog
          project={project}
          members={members}
          invites={invites}
          userId={user.id}
          origin={origin}
          result={result && shareIntents.has(result.intent ?? '') ? result : undefined}
        />
      ) : null}
    </div>
  );
}

export const ErrorBoundary = PageError;
