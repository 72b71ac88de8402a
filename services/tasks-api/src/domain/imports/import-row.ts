import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { SetRecurrenceInput } from '../recurrence/recurrence-input';
import { CreateTaskInput } from '../tasks/task-input';

/**
 * What one row of an imported file becomes (issue 20): the body of a
 * POST /tasks and, when it repeats, of a PUT /tasks/{id}/recurrence, both
 * checked here with the API's own schemas, so a row is refused for exactly
 * what the API would refuse, and the runner later only has to create it.
 */
export interface ImportDraft {
  task: z.input<typeof CreateTaskInput>;
  repeat?: z.input<typeof SetRecurrenceInput>;
}

/** A row read from a file: a task to create under its import key, or skipped with a reason. */
export type ReadRow = { row: number; key: string; draft: ImportDraft } | { row: number; skip: string };

/** What a mapper read from a row, before the checks. */
export interface RowFields {
  title: string;
  description?: string | null;
  status?: string;
  priority?: string;
  tags?: string[];
  dueAt?: string;
  dueDate?: string;
  timeZone?: string;
  repeat?: { rrule: string; mode?: string; anchor?: string; timeZone?: string };
}

/** The import key as stored: SHA-256, so a long UID costs 64 characters and keys of different kinds never meet. */
export const importKey = (kind: string, ...parts: string[]): string =>
  createHash('sha256')
    .update(JSON.stringify([kind, ...parts]))
    .digest('hex');

/**
 * Keys for rows that carry no identity of their own (a Todoist row, an event
 * without UID): their normalised content, plus how many identical rows came
 * before in the file, so two identical rows are two tasks, and the same file
 * imported again finds both keys.
 */
export function contentKeyer(kind: string): (content: string[]) => string {
  const seen = new Map<string, number>();
  return (content) => {
    const normal = content.map((part) => part.trim().replace(/\s+/g, ' '));
    const id = JSON.stringify(normal);
    const nth = (seen.get(id) ?? 0) + 1;
    seen.set(id, nth);
    return importKey(kind, ...normal, String(nth));
  };
}

/** The first problem zod found, as one line a person can act on ("title: title is required"). */
function firstProblem(error: z.ZodError): string {
  const [issue] = error.issues;
  if (!issue) return 'invalid';
  const field = issue.path.join('.');
  return field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message;
}

/** Checks a row's fields as POST /tasks and PUT /tasks/{id}/recurrence would. */
export function draftRow(row: number, key: string, fields: RowFields): ReadRow {
  const task = {
    title: fields.title,
    description: fields.description || null,
    ...(fields.status ? { status: fields.status } : {}),
    ...(fields.priority ? { priority: fields.priority } : {}),
    tags: fields.tags ?? [],
    ...(fields.dueAt ? { dueAt: fields.dueAt } : {}),
    ...(fields.dueDate ? { dueDate: fields.dueDate } : {}),
    ...(fields.timeZone ? { timeZone: fields.timeZone } : {}),
  };
  const checked = CreateTaskInput.safeParse(task);
  if (!checked.success) return { row, skip: firstProblem(checked.error) };
  // Stored as given (the API's defaults are applied when the task is created); the check above typed it.
  const draft = { task: task as ImportDraft['task'] };
  if (!fields.repeat) return { row, key, draft };
  const { rrule, mode, anchor, timeZone } = fields.repeat;
  const repeat = {
    rrule,
    mode: mode || 'fixed',
    ...(anchor ? { anchor } : {}),
    ...(timeZone ? { timeZone } : {}),
  };
  const rule = SetRecurrenceInput.safeParse(repeat);
  if (!rule.success) return { row, skip: `repeat ${firstProblem(rule.error)}` };
  return { row, key, draft: { ...draft, repeat: repeat as ImportDraft['repeat'] } };
}
