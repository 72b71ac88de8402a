import { TaskPriority, TaskStatus } from '@taskmesh/contracts';
import { isoDateTime } from '@taskmesh/platform';
import { isCalendarDate, isTimeZone } from '@taskmesh/recurrence';
import { z } from 'zod';
import { ReminderInput } from '../reminders/reminder-input';

export const TimeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, 'timeZone must be an IANA time zone such as Europe/Berlin');

export const Tag = z
  .string()
  .trim()
  .min(1, 'tag must not be empty')
  .max(50, 'tag must be at most 50 characters')
  .regex(/^[^\s,]+$/, 'tag must not contain spaces or commas');

export const Tags = z.array(Tag).max(20, 'at most 20 tags');

/**
 * A checklist as the client sends it: items in order; an item without an id
 * is new and gets one. Sent whole (PATCH replaces it), so reordering, ticking
 * and removing are one request under the task's If-Match.
 */
export const ChecklistInput = z
  .array(
    z
      .object({
        id: z.string().uuid('id must be the id of an existing item, or left out for a new one').optional(),
        text: z.string().trim().min(1, 'text is required').max(500, 'text must be at most 500 characters'),
        done: z.boolean().default(false),
      })
      .strict(),
  )
  .max(100, 'at most 100 checklist items')
  .refine((items) => new Set(items.filter((i) => i.id).map((i) => i.id)).size === items.filter((i) => i.id).length, {
    message: 'item ids must be unique',
  });
export type ChecklistInput = z.infer<typeof ChecklistInput>;

const ProjectId = z.string().uuid('projectId must be a project id (UUID)');
const SectionId = z.string().uuid('sectionId must be a section id (UUID)');

const Title = z.string().trim().min(1, 'title is required').max(500, 'title must be at most 500 characters');
const Description = z.string().max(20_000, 'description must be at most 20000 characters');
const DueAt = isoDateTime('dueAt must be an ISO 8601 date-time with offset, e.g. 2026-12-01T09:00:00+01:00');
/** The way to say "all-day" (issue 20): a day without a time, in the task's zone. */
const DueDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dueDate must be a date YYYY-MM-DD, e.g. 2026-12-10')
  .refine(isCalendarDate, { message: 'dueDate must be a day of the calendar (no 2026-02-30)', abort: true });
/** dueAt is a time, dueDate a day: a task is due one way or the other. */
const oneDue = (body: { dueAt?: string | null; dueDate?: string | null }) =>
  body.dueAt === undefined || body.dueDate === undefined;
const oneDueProblem = { message: 'send dueAt (a time) or dueDate (a day), not both', path: ['dueDate'] };

/** Body of POST /tasks. Unknown fields are rejected, not ignored. */
export const CreateTaskInput = z
  .object({
    title: Title,
    description: Description.nullish(),
    status: TaskStatus.default('todo'),
    priority: TaskPriority.default('medium'),
    tags: Tags.default([]),
    checklist: ChecklistInput.default([]),
    dueAt: DueAt.nullish(),
    /** An all-day task due that day; its zone is timeZone, else the creator's. */
    dueDate: DueDate.nullish(),
    timeZone: TimeZone.nullish(),
    reminders: z.array(ReminderInput).max(20, 'at most 20 reminders').optional(),
    /** The project (issue 19); the creator's Inbox when left out. */
    projectId: ProjectId.optional(),
    sectionId: SectionId.nullish(),
  })
  .strict()
  .refine(oneDue, oneDueProblem);
export type CreateTaskInput = z.infer<typeof CreateTaskInput>;

/** Body of PATCH /tasks/:id: any subset of the editable fields; null clears an optional one. */
export const UpdateTaskInput = z
  .object({
    title: Title,
    description: Description.nullable(),
    status: TaskStatus,
    priority: TaskPriority,
    tags: Tags,
    checklist: ChecklistInput,
    /** Makes the task timed; null clears the due date. */
    dueAt: DueAt.nullable(),
    /** Makes the task all-day on that day (in its zone, else the editor's); null clears the due date. */
    dueDate: DueDate.nullable(),
    /** On an all-day task alone, it keeps the task's calendar day in the new zone. */
    timeZone: TimeZone.nullable(),
    /** Moves the task to another project (editor or owner of both); its assignees are cleared. */
    projectId: ProjectId,
    sectionId: SectionId.nullable(),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'send at least one field to change' })
  .refine(oneDue, oneDueProblem);
export type UpdateTaskInput = z.infer<typeof UpdateTaskInput>;

export const TaskIdParams = z.object({ id: z.string().uuid('id must be a task id (UUID)') }).strict();

/** Body of POST /tasks/bulk: one action on up to 100 of the caller's tasks, all or nothing. */
export const BulkInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('complete'), ids: z.array(z.string().uuid()).min(1).max(100) }).strict(),
  z.object({ action: z.literal('delete'), ids: z.array(z.string().uuid()).min(1).max(100) }).strict(),
  z
    .object({
      action: z.literal('tag'),
      ids: z.array(z.string().uuid()).min(1).max(100),
      add: Tags.default([]),
      remove: Tags.default([]),
    })
    .strict()
    .refine((b) => b.add.length + b.remove.length > 0, { message: 'add or remove at least one tag' }),
]);
export type BulkInput = z.infer<typeof BulkInput>;
