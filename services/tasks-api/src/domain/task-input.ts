import { TaskPriority, TaskStatus } from '@taskmesh/contracts';
import { z } from 'zod';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const Tag = z
  .string()
  .trim()
  .min(1, 'tag must not be empty')
  .max(50, 'tag must be at most 50 characters')
  .regex(/^[^\s,]+$/, 'tag must not contain spaces or commas');

/** Body of POST /tasks. Unknown fields are rejected, not ignored. */
export const CreateTaskInput = z
  .object({
    title: z.string().trim().min(1, 'title is required').max(500, 'title must be at most 500 characters'),
    description: z.string().max(20_000, 'description must be at most 20000 characters').nullish(),
    status: TaskStatus.default('todo'),
    priority: TaskPriority.default('medium'),
    tags: z.array(Tag).max(20, 'at most 20 tags').default([]),
    dueAt: z.string().datetime({ offset: true, message: 'dueAt must be an ISO 8601 date-time with offset' }).nullish(),
    timeZone: z.string().refine(isTimeZone, 'timeZone must be an IANA time zone such as Europe/Berlin').nullish(),
  })
  .strict();
export type CreateTaskInput = z.infer<typeof CreateTaskInput>;
