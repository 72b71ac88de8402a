import { z } from 'zod';
import { fieldRefused } from './form-data';
import type { TaskFields } from './task-form';

/**
 * A form field that carries JSON (the editor's hidden fields, the browser's
 * push subscription), parsed and checked against its schema; else the action
 * answers 400 naming the field. JSON.parse on a form made by hand was a 500,
 * and JSON of the wrong shape crashed the code that used it (issue 15).
 */
export function jsonField<T>(form: FormData, name: string, schema: z.ZodType<T>): T {
  const value = form.get(name);
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : '');
  } catch {
    throw fieldRefused(name, 'must be JSON');
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const [issue] = result.error.issues;
    throw fieldRefused(name, `not the JSON expected (${issue?.path.join('.') || 'value'}: ${issue?.message})`);
  }
  return result.data;
}

const taskFields = z.object({
  title: z.string(),
  description: z.string().nullable(),
  priority: z.string(),
  status: z.string(),
  tags: z.array(z.string()),
  dueAt: z.string().nullable(),
  dueDate: z.string().nullable().optional(),
  timeZone: z.string().nullable(),
});

/** The task's fields as the editor showed them (hidden field `original`). */
export const TaskFieldsJson: z.ZodType<TaskFields> = taskFields;
/** The user's changes the conflict panel carries (hidden field `patch`); tasks-api checks the values. */
export const TaskPatchJson: z.ZodType<Partial<TaskFields>> = taskFields.partial();
/** What PushSubscription.toJSON() gives; tasks-api checks the fields. */
export const PushSubscriptionJson = z.record(z.string(), z.unknown());
