import { Form, Link } from '@remix-run/react';
import type { RowIntent } from '../../lib/task-actions.server';
import type { Task } from '../../lib/types';
import { DueBadge, PriorityBadge } from '../task-badges';

function RowButton({
  task,
  intent,
  label,
  className,
}: {
  task: Task;
  intent: RowIntent;
  label: string;
  className?: string;
}) {
  return (
    <Form method="post" data-intent={intent}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="taskId" value={task.id} />
      <input type="hidden" name="version" value={task.version} />
      <button type="submit" className={className ?? 'btn'} aria-label={`${label}: ${task.title}`}>
        {label}
      </button>
    </Form>
  );
}

/** One task of the list: select box, title, badges, and its row buttons. */
export function TaskRow({ task, zone }: { task: Task; zone: string }) {
  const done = task.status === 'done';
  return (
    <li
      className="group flex flex-wrap items-start gap-x-3 gap-y-1 rounded-md border border-transparent px-2 py-2 focus-within:border-indigo-200 focus:outline-none focus-visible:border-indigo-400 focus-visible:bg-indigo-50 hover:bg-white"
      tabIndex={-1}
      data-task-row={task.id}
    >
      <input
        type="checkbox"
        name="ids"
        value={task.id}
        form="bulk-form"
        className="mt-1.5 h-4 w-4"
        aria-label={`Select ${task.title}`}
      />
      <div className="min-w-0 flex-1 basis-[calc(100%-2.5rem)] sm:basis-0">
        <Link
          to={`/tasks/${task.id}`}
          className={`block break-words font-medium hover:underline ${done ? 'text-slate-400 line-through' : ''}`}
        >
          {task.title}
        </Link>
        <div className="mt-0.5 flex flex-wrap items-center gap-1.5">
          <PriorityBadge priority={task.priority} />
          {task.seriesId ? (
            <span className="chip" title="Repeats">
              ↻ repeats
            </span>
          ) : null}
          {task.tags.map((tag) => (
            <Link key={tag} to={`/tasks?tags=${encodeURIComponent(tag)}`} className="chip hover:bg-slate-200">
              #{tag}
            </Link>
          ))}
          <DueBadge task={task} zone={zone} />
        </div>
      </div>
      <div className="ml-7 flex shrink-0 gap-1 sm:ml-0">
        {done ? (
          <RowButton task={task} intent="reopen" label="Reopen" />
        ) : (
          <RowButton task={task} intent="complete" label="Complete" className="btn btn-primary" />
        )}
        <RowButton task={task} intent="delete" label="Delete" className="btn btn-danger" />
      </div>
    </li>
  );
}
