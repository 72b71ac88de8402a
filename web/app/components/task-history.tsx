import { formatInZone } from '../lib/dates';
import type { AuditEntry } from '../lib/types';

const verbs: Record<string, string> = {
  'task.created': 'Created',
  'task.updated': 'Changed',
  'task.completed': 'Completed',
  'task.reopened': 'Reopened',
  'task.deleted': 'Deleted',
  'task.restored': 'Restored',
  'task.assigned': 'Assigned',
  'task.unassigned': 'Unassigned',
  'comment.added': 'Commented',
  'comment.edited': 'Edited a comment',
  'comment.deleted': 'Deleted a comment',
};

const tracked = ['title', 'description', 'priority', 'status', 'tags', 'dueAt', 'timeZone', 'checklist'] as const;

/** The fields an audit entry changed, from its before and after snapshots. */
export function changedNames(entry: Pick<AuditEntry, 'before' | 'after'>): string[] {
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  return tracked.filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null));
}

export function actorName(actorId: string | null, userId: string): string {
  if (!actorId || actorId === userId) return 'you';
  if (actorId.startsWith('app:')) return actorId.slice(4);
  return `user ${actorId.slice(0, 8)}`;
}

/** How a change was made, when it was made with a personal access token (issue 20): yours by name. */
export function viaToken(viaTokenId: string | null | undefined, tokenNames: Record<string, string>): string {
  if (!viaTokenId) return '';
  const name = tokenNames[viaTokenId];
  return name ? ` with access token “${name}”` : ' with an access token';
}

/** A task's audit log, newest first: who did what, when, with which token, and which fields moved. */
export function TaskHistory({
  entries,
  userId,
  zone,
  tokenNames = {},
}: {
  entries: AuditEntry[];
  userId: string;
  zone: string;
  /** The viewer's own tokens by id: changes made with one are named. */
  tokenNames?: Record<string, string>;
}) {
  if (entries.length === 0) return <p className="text-sm text-slate-600">No history recorded yet.</p>;
  return (
    <ol className="space-y-2 text-sm" aria-label="History">
      {entries.map((entry) => {
        const fields = entry.eventType === 'task.updated' ? changedNames(entry) : [];
        return (
          <li key={entry.id} className="flex gap-2">
            <time dateTime={entry.occurredAt} className="w-36 shrink-0 text-slate-500">
              {formatInZone(entry.occurredAt, zone)}
            </time>
            <span>
              <strong>{verbs[entry.eventType] ?? entry.eventType}</strong>
              {fields.length > 0 ? ` ${fields.join(', ')}` : ''} by {actorName(entry.actorId, userId)}
              {viaToken(entry.viaTokenId, tokenNames)}
              <span className="text-slate-400"> · v{String(entry.taskVersion ?? '')}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
