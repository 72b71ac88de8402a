import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { ProjectDot } from '../components/project-sidebar';
import { callApp } from '../lib/api.server';
import { idField, text } from '../lib/form-data';
import { useKeptActionData } from '../lib/kept-action-data';
import { formProblem, loaded } from '../lib/responses.server';
import { commitHeaders, pushToast, requireUser } from '../lib/session.server';
import type { Project } from '../lib/types';

export const meta: MetaFunction = () => [{ title: 'Archived projects · Taskmesh' }];

/** The user's archived projects (the sidebar leaves them out), each with a way back. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { token } = await requireUser(request, context);
  const { items } = await loaded(
    callApp<{ items: Project[] }>(context, 'tasks-api', 'GET', invocationPath`/projects`, {
      token,
      query: { archived: 'true' },
    }),
  );
  return { archived: items.filter((p) => p.archivedAt) };
}

/** Create a project (from the sidebar) or unarchive one (from this page). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { token, session } = await requireUser(request, context);
  const form = await request.formData();
  const intent = form.get('intent');
  try {
    if (intent === 'create') {
      const { data } = await callApp<Project>(context, 'tasks-api', 'POST', invocationPath`/projects`, {
        token,
        body: { name: text(form, 'name') ?? '' },
      });
      pushToast(session, { message: `Created “${data.name}”` });
      return redirect(`/projects/${data.id}`, { headers: await commitHeaders(session, context) });
    }
    if (intent === 'unarchive') {
      const projectId = idField(form, 'projectId');
      await callApp(context, 'tasks-api', 'PATCH', invocationPath`/projects/${projectId}`, {
        token,
        body: { archived: false },
      });
      pushToast(session, { message: 'Back in your sidebar' });
      return redirect(`/projects/${projectId}`, { headers: await commitHeaders(session, context) });
    }
  } catch (error) {
    return formProblem(error);
  }
  throw new Response(`Unknown action ${String(intent)}`, { status: 400 });
}

export default function ArchivedProjects() {
  const { archived } = useLoaderData<typeof loader>();
  const result = useKeptActionData<{ errors?: Record<string, string> }>();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Archived projects</h1>
      {result?.errors ? (
        <p className="field-error" role="alert">
          {Object.values(result.errors).join('; ')}
        </p>
      ) : null}
      {archived.length === 0 ? (
        <p className="card text-slate-600">No archived projects.</p>
      ) : (
        <ul className="card divide-y divide-slate-100" aria-label="Archived projects">
          {archived.map((project) => (
            <li key={project.id} className="flex items-center gap-2 py-2">
              <ProjectDot color={project.color} />
              <Link to={`/projects/${project.id}`} className="flex-1 hover:underline">
                {project.name}
              </Link>
              {project.role === 'owner' ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="unarchive" />
                  <input type="hidden" name="projectId" value={project.id} />
                  <button type="submit" className="btn">
                    Unarchive
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
