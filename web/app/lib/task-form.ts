import { fromLocalInput } from './dates';
import { type OffsetUnit, offsetUnits, toIsoDuration } from './durations';
import { list, tagList, text } from './form-data';
import type { Channel, Task } from './types';

/** The editor's fields as tasks-api's PATCH /tasks/:id takes them. */
export interface TaskFields {
  title: string;
  description: string | null;
  priority: string;
  status: string;
  tags: string[];
  dueAt: string | null;
  /** The day of an all-day task (YYYY-MM-DD; issue 20); null for a timed one. Absent in older pages. */
  dueDate?: string | null;
  timeZone: string | null;
}

export function fieldsOf(task: Task): TaskFields {
  return {
    title: task.title,
    description: task.description,
    priority: task.priority,
    status: task.status,
    tags: task.tags,
    dueAt: task.allDay ? null : task.dueAt,
    dueDate: task.allDay ? (task.dueDate ?? null) : null,
    timeZone: task.timeZone,
  };
}

/**
 * The editor form as task fields. The due date is a wall-clock time in the
 * task's zone (the zone field when set, else the user's), or with "All day"
 * just its day; a value that is not a date-time is an error on `dueAt`, named
 * like tasks-api names it.
 */
export function readTaskForm(form: FormData, userZone: string): { fields: TaskFields; errors: Record<string, string> } {
  const timeZone = text(form, 'timeZone') ?? null;
  const due = text(form, 'dueAt');
  const allDay = text(form, 'allDay') === 'on';
  const errors: Record<string, string> = {};
  const day = due && allDay ? /^(\d{4}-\d{2}-\d{2})(?:T[\d:]*)?$/.exec(due)?.[1] : undefined;
  const dueAt = due && !allDay ? fromLocalInput(due, timeZone ?? userZone) : null;
  if (due && !allDay && !dueAt) errors.dueAt = 'Enter a date and time, e.g. 2026-12-01 09:00';
  if (due && allDay && !day) errors.dueAt = 'Enter a date, e.g. 2026-12-01';
  return {
    fields: {
      title: text(form, 'title') ?? '',
      description: text(form, 'description') ?? null,
      priority: text(form, 'priority') ?? 'medium',
      status: text(form, 'status') ?? 'todo',
      tags: tagList(text(form, 'tags')),
      dueAt: dueAt ?? null,
      dueDate: day ?? null,
      timeZone,
    },
    errors,
  };
}

const sameInstant = (a: string | null, b: string | null) =>
  a === b || (a !== null && b !== null && Date.parse(a) === Date.parse(b));

/**
 * Only what the user changed since the form was loaded: a PATCH of these
 * leaves fields someone else changed meanwhile alone when the user reapplies
 * after a conflict.
 */
export function changedFields(original: TaskFields, edited: TaskFields): Partial<TaskFields> {
  const patch: Partial<TaskFields> = {};
  if (edited.title !== original.title) patch.title = edited.title;
  if ((edited.description ?? '') !== (original.description ?? '')) patch.description = edited.description;
  if (edited.priority !== original.priority) patch.priority = edited.priority;
  if (edited.status !== original.status) patch.status = edited.status;
  if (edited.tags.join('\u0000') !== original.tags.join('\u0000')) patch.tags = edited.tags;
  // One of dueDate (all day) or dueAt (a time), never both; clearing either clears the due date.
  if ((edited.dueDate ?? null) !== (original.dueDate ?? null) && edited.dueDate) patch.dueDate = edited.dueDate;
  else if (!sameInstant(edited.dueAt, original.dueAt) || (original.dueDate && !edited.dueDate))
    patch.dueAt = edited.dueAt;
  if ((edited.timeZone ?? null) !== (original.timeZone ?? null)) patch.timeZone = edited.timeZone;
  return patch;
}

export const presetKinds = [
  'daily',
  'weekdays',
  'weekly',
  'everyNWeeks',
  'monthlyOnDay',
  'monthlyOnLastDay',
  'monthlyOnWeekday',
  'yearly',
  'custom',
] as const;
export type PresetKind = (typeof presetKinds)[number];
export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** The recurrence form as tasks-api's rule choice: a preset, or custom RRULE text. */
export function readRuleChoice(form: FormData): { preset: Record<string, unknown> } | { rrule: string } {
  const kind = (text(form, 'kind') ?? 'daily') as PresetKind;
  const days = list(form, 'days').filter((d) => (weekdays as readonly string[]).includes(d));
  switch (kind) {
    case 'custom':
      return { rrule: (text(form, 'rrule') ?? '').replace(/^RRULE:/i, '') };
    case 'weekly':
      return { preset: { kind, days } };
    case 'everyNWeeks':
      return { preset: { kind, weeks: Number(text(form, 'weeks') ?? 2), days } };
    case 'monthlyOnDay':
      return { preset: { kind, day: Number(text(form, 'monthDay') ?? 1) } };
    case 'monthlyOnWeekday':
      return { preset: { kind, nth: Number(text(form, 'nth') ?? 1), day: text(form, 'weekday') ?? 'MO' } };
    default:
      return { preset: { kind } };
  }
}

/**
 * The whole recurrence form as the body of PUT /tasks/:id/recurrence (and of
 * the preview): the rule, its zone (the task's, else the user's), the first
 * occurrence as a local date-time there, and the mode.
 */
export function readRecurrenceForm(
  form: FormData,
  userZone: string,
): { rule?: Record<string, unknown>; errors: Record<string, string> } {
  const timeZone = text(form, 'ruleTimeZone') ?? userZone;
  const anchor = text(form, 'anchor') ?? '';
  if (!fromLocalInput(anchor, timeZone)) return { errors: { anchor: 'Choose when the first occurrence is' } };
  return { rule: { ...readRuleChoice(form), timeZone, anchor, mode: text(form, 'mode') ?? 'fixed' }, errors: {} };
}

export const channels: Channel[] = ['in_app', 'email', 'push'];
export const channelLabels: Record<Channel, string> = { in_app: 'In the app', email: 'Email', push: 'Push' };

/**
 * The reminder form as tasks-api's reminder body: before or after the due
 * date by an amount, or at a wall-clock time in the zone.
 */
export function readReminderForm(
  form: FormData,
  zone: string,
): { body?: Record<string, unknown>; errors: Record<string, string> } {
  const when = text(form, 'when') ?? 'beforeDue';
  const chosen = list(form, 'channels').filter((c) => (channels as string[]).includes(c));
  const withChannels = chosen.length > 0 ? { channels: chosen } : {};
  if (when === 'at') {
    const at = fromLocalInput(text(form, 'at') ?? '', zone);
    if (!at) return { errors: { at: 'Enter the date and time to be reminded' } };
    return { body: { at, ...withChannels }, errors: {} };
  }
  const amount = Number(text(form, 'amount'));
  const unit = text(form, 'unit') as OffsetUnit;
  if (!Number.isInteger(amount) || amount < 0) return { errors: { amount: 'Enter a whole number' } };
  if (!(unit in offsetUnits)) return { errors: { amount: 'Choose minutes, hours, days or weeks' } };
  const key = when === 'afterDue' ? 'afterDue' : 'beforeDue';
  return { body: { [key]: toIsoDuration(amount, unit), ...withChannels }, errors: {} };
}
