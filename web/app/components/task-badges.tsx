import { formatDay, formatInZone, isOverdue } from '../lib/dates';
import type { Task } from '../lib/types';

const priorityStyles: Record<string, string> = {
  urgent: 'bg-red-100 text-red-800',
  high: 'bg-orange-100 text-orange-800',
  medium: 'bg-slate-100 text-slate-700',
  low: 'bg-emerald-50 text-emerald-800',
};

export function PriorityBadge({ priority }: { priority: string }) {
  return <span className={`chip ${priorityStyles[priority] ?? ''}`}>{priority}</span>;
}

export function DueBadge({ task, zone }: { task: Task; zone: string }) {
  if (!task.dueAt) return null;
  const overdue = isOverdue(task, zone);
  const taskZone = task.timeZone ?? zone;
  return (
    <span className={`text-xs ${overdue ? 'font-semibold text-red-700' : 'text-slate-600'}`}>
      {overdue ? 'Overdue · ' : 'Due '}
      {task.allDay && task.dueDate ? (
        <time dateTime={task.dueDate} data-all-day>
          {formatDay(task.dueDate, taskZone)}
        </time>
      ) : (
        <time dateTime={task.dueAt}>{formatInZone(task.dueAt, taskZone)}</time>
      )}
    </span>
  );
}
