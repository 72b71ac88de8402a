import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { invocationPath } from '@taskmesh/platform';
import { PageError } from '../components/page-error';
import { changedNames } from '../components/task-history';
import { callApp } from '../lib/api.server';
import { formatInZone } from '../lib/dates';
import { pathId } from '../lib/form-data';
import { getProject, listMembers } from '../lib/projects.server';
import { memberName } from '../lib/projects-shared';
import { loaded } from '../lib/responses.server';
import { requireUser } from '../lib/session.server';
import type { AuditEntry } from '../lib/types';

export const meta: MetaFunction = () => [{ title: 'Project activity · Taskmesh' }];

const verbs: Record<string, string> = {
  'task.created': 'created',
  'task.updated': 'changed',
  'task.completed': 'completed',
  'task.reopened': 'reopened',
  'task.deleted': 'deleted',
  'task.restored': 'restored',
  'task.assigned': 'assigned',
  'task.unassigned': 'unassigned',
  'comment.added': 'commented on',
  'comment.edited': 'edited a comment on',
  'comment.deleted': 'deleted a comment on',
  // Project and membership events carry no task (issue 19).
  'project.created': 'created the project',
  'project.updated': 'changed the project',
  'project.deleted': 'deleted the project',
  'project.restored': 'restored the project',
  'project.member-added': 'added a member',
  'project.member-role-changed': 'changed a member’s role',
  'project.member-removed': 'removed a member',
  'project.ownership-transferred': 'transferred the ownership',
};

/** The member a membership entry is about, and their role after it (audit-agent stores { memberId, role }). */
function membershipOf(entry: AuditEntry): { memberId: string; role: string | null } | undefined {
  for (const side of [entry.after, entry.before]) {
    if (side && typeof side === 'object' && 'memberId' in side && typeof side.memberId === 'string') {
      const after = entry.after as { role?: unknown } | null;
      return { memberId: side.memberId, role: typeof after?.role === 'string' ? after.role : null };
    }
  }
  return undefined;
}

/** What a task was called in an entry (its after snapshot, else before), for the line. */
function titleOf(entry: AuditEntry): string | undefined {
  for (const side of [entry.after, entry.before]) {
    if (side && typeof side === 'object' && 'title' in side && typeof side.title === 'string') return side.title;
  }
  return undefined;
}

/**
 * The project's activity, newest first, from audit-agent (which asks tasks-api
 * whether the caller is a member: a non-member gets 404, shown as not found).
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, token } = await requireUser(request, context);
  const projectId = pathId(params);
  const cursor = new URL(request.url).searchParams.get('cursor') ?? undefined;
  const [entries, project, members] = await Promise.all([
    loaded(
      callApp<{ items: AuditEntry[]; nextCursor: string | null }>(
        context,
        'audit-agent',
        'GET',
        invocationPath`/audit-entries`,
        { token, query: { projectId, order: 'desc', limit: '50', cursor } },
      ),
    ),
    getProject(context, token, projectId),
    listMembers(context, token, projectId),
  ]);
  return { entries, project, members, user, zone: user.timeZone };
}

export default function ProjectActivity() {
  const { entries, project, members, user, zone } = useLoaderData<typeof loader>();
  const actor = (id: string) => {
    if (id === user.id) return 'You';
    if (id.startsWith('app:')) return `Taskmesh (${id.slice(4)})`;
    const member = members.find((m) => m.userId === id);
    return member ? memberName(member) : 'A former member';
  };
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb">
        <Link to={`/projects/${project.id}`} className="text-sm text-indigo-700 underline">
          ← {project.isInbox ? 'Inbox' : project.name}
        </Link>
      </nav>
      <h1 className="text-2xl font-bold">Activity</h1>
      {entries.items.length === 0 ? (
        <p className="card text-slate-600">Nothing has happened here yet.</p>
      ) : (
        <ol className="card space-y-2 text-sm" aria-label="Activity">
          {entries.items.map((entry) => {
            const fields = entry.eventType === 'task.updated' ? changedNames(entry) : [];
            const title = titleOf(entry);
            const membership = entry.eventType.startsWith('project.member') ? membershipOf(entry) : undefined;
            return (
              <li key={entry.id} className="flex gap-2" data-event-type={entry.eventType}>
                <time dateTime={entry.occurredAt} className="w-36 shrink-0 text-slate-500">
                  {formatInZone(entry.occurredAt, zone)}
                </time>
                <span>
                  <strong>{actor(entry.actorId)}</strong> {verbs[entry.eventType] ?? entry.eventType}
                  {entry.taskId ? (
                    <>
                      {' '}
                      <Link to={`/tasks/${entry.taskId}`} className="text-indigo-700 hover:underline">
                        {title ?? 'a task'}
                      </Link>
                    </>
                  ) : null}
                  {fields.length > 0 ? <span className="text-slate-500"> ({fields.join(', ')})</span> : null}
                  {membership ? (
                    <span>
                      : {actor(membership.memberId)}
                      {membership.role ? ` (${membership.role})` : ''}
                    </span>
                  ) : null}
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {entries.nextCursor ? (
        <Link to={`?cursor=${encodeURIComponent(entries.nextCursor)}`} className="btn">
          Older →
        </Link>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = PageError;
