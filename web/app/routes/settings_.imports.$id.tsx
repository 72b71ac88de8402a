import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRevalidator } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { useEffect } from 'react';
import { callApp } from '../lib/api.server';
import { pathId } from '../lib/form-data';
import { loaded } from '../lib/responses.server';
import { requireUser } from '../lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Import · Taskmesh' }];

/** An import as tasks-api answers it (GET /imports/{id}). */
export interface ImportJob {
  id: string;
  source: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  created: number;
  skipped: number;
  error: string | null;
  createdAt: string;
  rows: Array<{ row: number; status: string; reason?: string }>;
}

const sources: Record<string, string> = {
  'todoist-csv': 'Todoist CSV',
  'taskmesh-csv': 'Taskmesh CSV',
  icalendar: 'iCalendar',
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { token } = await requireUser(request, context);
  const id = pathId(params);
  // The skipped rows are what a person needs to see (with why); created ones are in their lists.
  const job = await loaded(
    callApp<ImportJob>(context, 'tasks-api', 'GET', invocationPath`/imports/${id}`, {
      token,
      query: { status: 'skipped' },
    }),
  );
  return { job };
}

export default function ImportProgress() {
  const { job } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const running = job.status === 'pending' || job.status === 'running';
  // Asks again every second until the import is over (tasks-api commits progress a batch at a time).
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => revalidator.revalidate(), 1000);
    return () => clearTimeout(timer);
  }, [running, revalidator]);
  return (
    <div className="space-y-4">
      {/* Without JavaScript the page refreshes itself instead. */}
      {running ? (
        <noscript>
          <meta httpEquiv="refresh" content="1" />
        </noscript>
      ) : null}
      <h1 className="text-2xl font-bold">Import from {sources[job.source] ?? job.source}</h1>
      <section className="card space-y-2" aria-label="Progress" data-testid="import-progress">
        <progress className="w-full" max={job.total} value={job.processed} />
        <p>
          <strong data-testid="import-status">
            {running ? 'Importing…' : job.status === 'done' ? 'Done' : 'Stopped'}
          </strong>{' '}
          {job.processed} of {job.total} rows: <span data-testid="import-created">{job.created} created</span>,{' '}
          <span data-testid="import-skipped">{job.skipped} skipped</span>
        </p>
        {job.error ? (
          <p className="field-error" role="alert">
            {job.error}
          </p>
        ) : null}
      </section>
      {job.rows.length > 0 ? (
        <section className="card" aria-labelledby="skipped-title">
          <h2 id="skipped-title" className="text-lg font-semibold">
            Skipped rows
          </h2>
          <ul className="divide-y divide-slate-100">
            {job.rows.map((row) => (
              <li key={row.row} className="p-1 text-sm">
                Row {row.row}: {row.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link to="/settings/import">Import another file</Link> · <Link to="/tasks">Your tasks</Link>
      </p>
    </div>
  );
}
