import { Form, useNavigation } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { toLocalInput } from '../../lib/dates';
import { priorities } from '../../lib/task-filters';
import { fieldsOf } from '../../lib/task-form';
import type { Task, TaskUpdate } from '../../lib/types';
import { Field, FormError } from '../field';
import { taskUpdateEvent } from '../live-updates';
import { TimeZoneInput } from '../time-zone-input';

/** Tells the user when the task they are editing changed elsewhere (live), before they save into a conflict. */
function useChangedElsewhere(taskId: string, formVersion: number): number | null {
  const [newer, setNewer] = useState<number | null>(null);
  useEffect(() => {
    const onUpdate = (event: Event) => {
      const update = (event as CustomEvent<TaskUpdate>).detail;
      if (update.taskId === taskId && update.version > formVersion) setNewer(update.version);
    };
    window.addEventListener(taskUpdateEvent, onUpdate);
    return () => window.removeEventListener(taskUpdateEvent, onUpdate);
  }, [taskId, formVersion]);
  return newer;
}

/** The task's own fields, saved as a PATCH of what changed, based on the version it was filled from. */
export function TaskForm({
  task,
  zone,
  tagSuggestions,
  errors,
}: {
  task: Task;
  zone: string;
  tagSuggestions: string[];
  errors: Record<string, string>;
}) {
  // The version this form was filled from: saving is based on it, even when the page data refreshes live.
  const [formVersion] = useState(task.version);
  const [original] = useState(() => JSON.stringify(fieldsOf(task)));
  const newer = useChangedElsewhere(task.id, formVersion);
  const busy = useNavigation().formData?.get('intent') === 'save';
  return (
    <Form method="post" className="space-y-4" aria-label="Edit task">
      <input type="hidden" name="version" value={formVersion} />
      <input type="hidden" name="original" value={original} />
      {newer ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
          This task was changed elsewhere (now version {newer}). If you save, you will see both versions first.
        </p>
      ) : null}
      <FormError error={errors.form} />
      <Field label="Title" name="title" error={errors.title}>
        {(props) => <input {...props} defaultValue={task.title} required maxLength={500} className="input" />}
      </Field>
      <Field label="Description" name="description" error={errors.description}>
        {(props) => <textarea {...props} defaultValue={task.description ?? ''} rows={4} className="input" />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Priority" name="priority" error={errors.priority}>
          {(props) => (
            <select {...props} defaultValue={task.priority} className="input">
              {[...priorities].reverse().map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Status" name="status" error={errors.status}>
          {(props) => (
            <select {...props} defaultValue={task.status} className="input">
              <option value="todo">To do</option>
              <option value="in_progress">In progress</option>
              <option value="done">Done</option>
            </select>
          )}
        </Field>
        <Field label={`Due (${zone})`} name="dueAt" error={errors.dueAt}>
          {(props) => (
            <>
              <input {...props} type="datetime-local" defaultValue={toLocalInput(task.dueAt, zone)} className="input" />
              <label className="mt-1 flex items-center gap-1 text-sm">
                <input type="checkbox" name="allDay" defaultChecked={Boolean(task.allDay)} /> All day (the time is left
                out)
              </label>
            </>
          )}
        </Field>
        <Field label="Time zone" name="timeZone" error={errors.timeZone} hint="Empty: your own zone.">
          {(props) => <TimeZoneInput {...props} defaultValue={task.timeZone ?? ''} />}
        </Field>
      </div>
      <Field label="Tags" name="tags" error={errors.tags} hint="Separate with commas or spaces.">
        {(props) => (
          <>
            <input {...props} defaultValue={task.tags.join(', ')} list="tag-suggestions" className="input" />
            <datalist id="tag-suggestions">
              {tagSuggestions.map((tag) => (
                <option key={tag} value={tag} />
              ))}
            </datalist>
            {tagSuggestions.length > 0 ? (
              <p className="mt-1 text-xs text-slate-500">Your tags: {tagSuggestions.slice(0, 12).join(', ')}</p>
            ) : null}
          </>
        )}
      </Field>
      <button type="submit" name="intent" value="save" className="btn btn-primary" disabled={busy}>
        {busy ? 'Saving…' : 'Save'}
      </button>
    </Form>
  );
}
