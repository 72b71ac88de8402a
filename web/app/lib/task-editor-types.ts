import type { RulePreview } from '../routes/recurrence-preview';
import type { TaskFields } from './task-form';
import type { Task } from './types';

/** Someone saved first: the task as it is now, the user's changes, and what changed there. */
export type Conflict = { current: Task; attempted: Partial<TaskFields>; changedElsewhere: Array<keyof TaskFields> };

/** What the task editor's action answers a form with (redirects aside). */
export type EditorResult = {
  errors?: Record<string, string>;
  section?: 'task' | 'recurrence' | 'reminders' | 'comments' | 'assignees';
  conflict?: Conflict;
  preview?: RulePreview;
};
