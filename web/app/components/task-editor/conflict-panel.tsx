import { Form, Link } from '@remix-run/react';
import type { Conflict } from '../../lib/task-editor-types';
import { fieldsOf, type TaskFields } from '../../lib/task-form';

const fieldLabels: Record<keyof TaskFields, string> = {
  title: 'Title',
  description: 'Description',
  priority: 'Priority',
  status: 'Status',
  tags: 'Tags',
  dueAt: 'Due',
  dueDate: 'Due (all day)',
  timeZone: 'Time zone',
};

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ') || '—';
  return String(value);
}

/** Someone saved first: their version beside the user's changes, and a way to reapply them on top. */
export function ConflictPanel({ conflict, changedBy }: { conflict: Conflict; changedBy: string }) {
  const { current, attempted, changedElsewhere } = conflict;
  const fields = [...new Set([...changedElsewhere, ...(Object.keys(attempted) as Array<keyof TaskFields>)])];
  return (
    <section role="alert" aria-labelledby="conflict-title" className="card border-amber-300 bg-amber-50">
      <h2 id="conflict-title" className="font-semibold text-amber-900">
        This task was changed while you were editing it
      </h2>
      <p className="mt-1 text-sm text-amber-900">
        <span data-testid="conflict-changed-by">Changed by {changedBy}</span>. It is now at version {current.version}.
        Your changes were not saved. Reapply them on top of the current version, or keep the current one.
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
