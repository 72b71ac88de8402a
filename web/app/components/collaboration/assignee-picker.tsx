import { Form } from '@remix-run/react';
import { memberName } from '../../lib/projects-shared';
import type { Member, Task } from '../../lib/types';

/**
 * Who the task is assigned to, and for editors and the owner a picker of the
 * project's other members. Each change is one request at the version shown
 * (a stale one is refused and shown under the picker).
 */
export function AssigneePicker({
  task,
  members,
  editable,
  error,
}: {
  task: Task;
  members: Member[];
  editable: boolean;
  error?: string;
}) {
  const assigned = new Set(task.assigneeIds ?? []);
  const assignees = members.filter((m) => assigned.has(m.userId));
  const others = members.filter((m) => !assigned.has(m.userId));
  return (
    <div className="space-y-2">
      {assignees.length === 0 ? (
        <p className="text-sm text-slate-600">Nobody is assigned.</p>
      ) : (
        <ul className="flex flex-wrap gap-2" aria-label="Assignees">
          {assignees.map((member) => (
            <li key={member.userId} className="chip flex items-center gap-1" data-assignee={member.userId}>
              {memberName(member)}
              {editable ? (
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="unassign" />
                  <input type="hidden" name="userId" value={member.userId} />
                  <input type="hidden" name="version" value={task.version} />
                  <button type="submit" aria-label={`Unassign ${memberName(member)}`} className="px-1 text-slate-500">
                    ×
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {editable && others.length > 0 ? (
        <Form method="post" className="flex gap-2">
          <input type="hidden" name="intent" value="assign" />
          <input type="hidden" name="version" value={task.version} />
          <label htmlFor="assignee" className="sr-only">
            Assign to
          </label>
          <select id="assignee" name="userId" className="input w-auto" defaultValue="">
            <option value="" disabled>
              Assign to…
            </option>
            {others.map((member) => (
              <option key={member.userId} value={member.userId}>
                {memberName(member)}
              </option>
            ))}
          </select>
          <button type="submit" className="btn">
            Assign
          </button>
        </Form>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
