import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { ImportForm } from '../components/import-form';
import { callApp } from '../lib/api.server';
import { idField, text } from '../lib/form-data';
import { formatInZone } from '../lib/dates';
import { useKeptActionData } from '../lib/kept-action-data';
import { listProjects } from '../lib/projects.server';
import { formProblem, loaded } from '../lib/responses.server';
import { requireUser } from '../lib/session.server';
import type { ImportJob } from './settings_.imports.$id';

export const meta: MetaFunction = () => [{ title: 'Import · Taskmesh' }];

/** tasks-api takes 3,000,000 characters of file (import-input.ts): refused here before it travels. */
const maxFileBytes = 3_000_000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, token } = await requireUser(request, context);
  const [projects, imports] = await Promise.all([
    listProjects(context, token),
    loaded(callApp<{ items: ImportJob[] }>(context, 'tasks-api', 'GET', invocationPath`/imports`, { token })),
  ]);
  return { projects, imports: imports.items, zone: user.timeZone };
}

/** Reads the uploaded file's text and starts the import; its page shows the progress. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { token } = await requireUser(request, context);
  const form = await request.formData();
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) return { errors: { file: 'Choose a .csv or .ics file' } };
  if (file.size > maxFileBytes)
    return { errors: { file: 'The file is larger than 3 MB: split it and import each part' } };
  const format = /\.ics$/i.test(file.name) || file.type === 'text/calendar' ? 'ical' : 'csv';
  const projectId = text(form, 'projectId') ? idField(form, 'projectId') : undefined;
  try {
    const { data } = await callApp<ImportJob>(context, 'tasks-api', 'POST', invocationPath`/imports`, {
      token,
      body: { format, content: await file.text(), ...(projectId ? { projectId } : {}) },
    });
    return redirect(`/settings/imports/${data.id}`);
  } catch (error) {
    return formProblem(error);
  }
}

export default function Import() {
  const { projects, imports, zone } = useLoaderData<typeof loader>();
  const result = useKeptActionData<{ errors?: Record<string, string> }>();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Import tasks</h1>
      <p className="text-sm text-slate-600">
        Bring tasks in from a Todoist or Taskmesh CSV export, or from a calendar (.ics). Importing the same file again
        adds nothing. <Link to="/settings">Back to settings</Link>
      </p>
      <section className="card">
        <ImportForm projects={projects} errors={result?.errors} />
      </section>
      {imports.length > 0 ? (
        <ul className="card divide-y divide-slate-100" aria-label="Your imports">
          {imports.map((job) => (
            <li key={job.id} className="p-2">
              <Link to={`/settings/imports/${job.id}`}>{formatInZone(job.createdAt, zone)}</Link> · {job.status} ·{' '}
              {job.created} created, {job.skipped} skipped of {job.total}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
