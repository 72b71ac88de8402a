import { createHash, randomUUID } from 'node:crypto';
import type { AppLoadContext } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import { type QuickAdd, parseQuickAdd } from '@taskmesh/quick-add';
import { callApp } from './api.server';
import { fieldRefused, text } from './form-data';
import { listProjects } from './projects.server';
import type { Task } from './types';

/** The longest line quick add reads: a task's title is at most 500 characters, and parsing stays cheap. */
export const quickAddMaxLength = 500;

/** Where a quick add lands when its text names no @project: the page's project (and section), else the Inbox. */
export interface QuickAddTarget {
  projectId?: string;
  sectionId?: string;
}

/**
 * The offsets of the parts the user undid in the browser (comma-separated):
 * each a whole number within the text, else 400 naming `literal`.
 */
export function literalField(form: FormData, length: number): number[] {
  const value = text(form, 'literal');
  if (!value) return [];
  const offsets = value.split(',').map((piece) => (/^\d{1,4}$/.test(piece) ? Number(piece) : Number.NaN));
  if (offsets.length > 100 || offsets.some((offset) => !Number.isInteger(offset) || offset > length))
    throw fieldRefused('literal', 'must be the offsets of undone parts, e.g. 4,17');
  return offsets;
}

/** The line as typed (not trimmed: the browser's offsets count from its first character). */
function quickAddText(form: FormData): string | undefined {
  const value = form.get('title');
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Adds one task from a quick-add line (issue 20; decision 012). The line is
 * parsed again here, in the user's zone at the time of the request, with the
 * parts the user undid kept as text, so what is saved is what the field
 * showed. A repeat becomes the task's recurrence (PUT after the create); the
 * create is idempotent by the page's key and the text, and the PUT by nature,
 * so a retried submit converges on one recurring task.
 */
export async function addFromQuickAdd(
  context: AppLoadContext,
  token: string,
  form: FormData,
  zone: string,
  target: QuickAddTarget = {},
): Promise<{ task: Task } | { errors: Record<string, string> }> {
  const line = quickAddText(form);
  if (!line) return { errors: { title: 'Type what the task is' } };
  if (line.length > quickAddMaxLength) return { errors: { title: `At most ${quickAddMaxLength} characters` } };
  const parsed = parseQuickAdd(line, { now: new Date(), timeZone: zone, literal: literalField(form, line.length) });
  if (!parsed.title) return { errors: { title: 'The task needs a title besides its date, tags and priority' } };

  let projectId = target.projectId;
  let sectionId = target.sectionId;
  if (parsed.project) {
    const wanted = parsed.project.toLowerCase();
    const project = (await listProjects(context, token)).find((p) => p.name.toLowerCase() === wanted);
    if (!project)
      return { errors: { title: `You have no project named “${parsed.project}” (undo @ to keep it in the title)` } };
    if (project.id !== projectId) sectionId = undefined;
    projectId = project.id;
  }

  const { data: task } = await callApp<Task>(context, 'tasks-api', 'POST', invocationPath`/tasks`, {
    token,
    body: taskBody(parsed, projectId, sectionId),
    // The page's key plus what was understood: a double submit of one add is
    // one task, while two different adds before the page reloads stay two.
    headers: {
      'idempotency-key': `${text(form, 'idempotencyKey') ?? randomUUID()}:${createHash('sha256')
        .update(`${sectionId ?? ''}:${projectId ?? ''}:${line}:${text(form, 'literal') ?? ''}`)
        .digest('hex')
        .slice(0, 16)}`,
    },
  });
  if (!parsed.repeat) return { task };
  const { rrule, anchor, timeZone, mode } = parsed.repeat;
  const { data: recurring } = await callApp<{ task: Task }>(
    context,
    'tasks-api',
    'PUT',
    invocationPath`/tasks/${task.id}/recurrence`,
    { token, body: { rrule, anchor, timeZone, mode } },
  );
  return { task: recurring.task };
}

/** POST /tasks's body: a timed due date as an instant, a date alone as an all-day task. */
function taskBody(parsed: QuickAdd, projectId: string | undefined, sectionId: string | undefined) {
  return {
    title: parsed.title,
    tags: parsed.tags,
    ...(parsed.priority ? { priority: parsed.priority } : {}),
    ...(projectId ? { projectId } : {}),
    ...(sectionId ? { sectionId } : {}),
    ...(parsed.dueAt ? { dueAt: parsed.dueAt } : parsed.dueDate ? { dueDate: parsed.dueDate } : {}),
  };
}
