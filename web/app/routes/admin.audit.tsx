import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { actorName, changedNames } from '../components/task-history';
import { callApp } from '../lib/api.server';
import { isApiProblem } from '../lib/api-problem';
import { dayBoundary, formatInZone } from '../lib/dates';
import { problemResponse } from '../lib/responses.server';
import { auditEventTypes } from '../lib/audit-event-types.server';
import { requireUser } from '../lib/session.server';
import type { AuditEntry } from '../lib/types';

export const meta: MetaFunction = () => [{ title: 'Audit log · Taskmesh' }];

const uuid = /^[0-9a-f-]{36}$/i;

/** The global audit log for admins: every change to every task and project, filtered, newest first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, token } = await requireUser(request, context);
  if (user.role !== 'admin') throw new Response('The audit log is for admins.', { status: 403 });
  const params = new URL(request.url).searchParams;
  const filters = {
    projectId: params.get('projectId')?.trim() ?? '',
    taskId: params.get('taskId')?.trim() ?? '',
    ownerId: params.get('ownerId')?.trim() ?? '',
    actorId: params.get('actorId')?.trim() ?? '',
    eventType: params.getAll('eventType').filter((t) => auditEventTypes.includes(t)),
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
  const errors: Record<string, string> = {};
  if (filters.projectId && !uuid.test(filters.projectId)) errors.projectId = 'A project id is a UUID';
  if (filters.taskId && !uuid.test(filters.taskId)) errors.taskId = 'A task id is a UUID';
  if (filters.ownerId && !uuid.test(filters.ownerId)) errors.ownerId = 'An owner id is a UUID';
  if (Object.keys(errors).length > 0)
    return { filters, errors, items: [], nextCursor: null, zone: user.timeZone, eventTypes: auditEventTypes };
  try {
    const { data } = await callApp<{ items: AuditEntry[]; nextCursor: string | null }>(
      context,
      'audit-agent',
      'GET',
      invocationPath`/audit-entries`,
      {
        token,
        query: {
          projectId: filters.projectId || undefined,
          taskId: filters.taskId || undefined,
          ownerId: filters.ownerId || undefined,
          actorId: filters.actorId || undefined,
          eventType: filters.eventType.length > 0 ? filters.eventType.join(',') : undefined,
          from: filters.from ? dayBoundary(filters.from, user.timeZone) : undefined,
          to: filters.to ? dayBoundary(filters.to, user.timeZone, true) : undefined,
          order: 'desc',
          limit: '50',
          cursor: params.get('cursor') ?? undefined,
        },
      },
    );
    return { filters, errors, ...data, zone: user.timeZone, eventTypes: auditEventTypes };
  } catch (error) {
    if (isApiProblem(error) && error.status === 400)
      return {
        filters,
        errors: { form: error.message },
        items: [],
        nextCursor: null,
        zone: user.timeZone,
        eventTypes: auditEventTypes,
      };
    throw isApiProblem(error) ? problemResponse(error) : error;
  }
}

export default function AuditLog() {
  const { filters, errors, items, nextCursor, zone, eventTypes } = useLoaderData<typeof loader>();
  const next = new URLSearchParams();
  for (const [key, value] of Object.entries(filters))
    for (const v of Array.isArray(value) ? value : [value]) if (v) next.append(key, v);
  if (nextCursor) next.set('cursor', nextCursor);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Audit log</h1>
      <Form method="get" className="card grid gap-3 sm:grid-cols-3" aria-label="Audit filters">
        {(
          [
            ['projectId', 'Project id'],
            ['taskId', 'Task id'],
            ['ownerId', 'Owner id'],
            ['actorId', 'Actor (user id or app:name)'],
          ] as const
        ).map(([name, label]) => (
          <div key={name}>
            <label htmlFor={`audit-${name}`} className="label">
              {label}
            </label>
            <input
              id={`audit-${name}`}
              name={name}
              defaultValue={filters[name]}
              className="input"
              aria-invalid={Boolean((errors as Record<string, string>)[name])}
            />
            {(errors as Record<string, string>)[name] ? (
              <p className="field-error">{(errors as Record<string, string>)[name]}</p>
            ) : null}
          </div>
        ))}
        <fieldset className="sm:col-span-3">
          <legend className="label">Events</legend>
          <div className="flex flex-wrap gap-3 text-sm">
            {eventTypes.map((type) => (
              <label key={type} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  name="eventType"
                  value={type}
                  defaultChecked={filters.eventType.includes(type)}
                />
                {type}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="audit-from" className="label">
            From
          </label>
          <input id="audit-from" name="from" type="date" defaultValue={filters.from} className="input" />
        </div>
        <div>
          <label htmlFor="audit-to" className="label">
            Until
          </label>
          <input id="audit-to" name="to" type="date" defaultValue={filters.to} className="input" />
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className="btn btn-primary">
            Filter
          </button>
          <Link to="/admin/audit" className="text-sm underline">
            Clear
          </Link>
        </div>
        {(errors as Record<string, string>).form ? (
          <p className="field-error sm:col-span-3">{(errors as Record<string, string>).form}</p>
        ) : null}
      </Form>
      <div className="card overflow-x-auto p-0">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50">
            <tr>
              <th className="p-2">When</th>
              <th className="p-2">Event</th>
              <th className="p-2">Task or project</th>
              <th className="p-2">Changed</th>
              <th className="p-2">By</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => (
              <tr key={entry.id} className="border-t border-slate-100">
                <td className="whitespace-nowrap p-2">{formatInZone(entry.occurredAt, zone)}</td>
                <td className="p-2">{entry.eventType}</td>
                <td className="p-2">
                  {/* Project and membership events have no task (issue 19): they link their project. */}
                  {entry.taskId ? (
                    <Link to={`?taskId=${entry.taskId}`} className="font-mono text-xs underline">
                      {entry.taskId.slice(0, 8)}
                    </Link>
                  ) : entry.projectId ? (
                    <Link to={`?projectId=${entry.projectId}`} className="font-mono text-xs underline">
                      project {entry.projectId.slice(0, 8)}
                    </Link>
                  ) : null}{' '}
                  v{entry.taskVersion}
                </td>
                <td className="p-2">{changedNames(entry).join(', ')}</td>
                <td className="p-2">{actorName(entry.actorId, '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.length === 0 ? <p className="p-3 text-slate-600">No entries match.</p> : null}
      </div>
      {nextCursor ? (
        <Link to={`?${next}`} className="btn">
          Older →
        </Link>
      ) : null}
    </div>
  );
}
