import { z } from 'zod';

export const TaskStatus = z.enum(['todo', 'in_progress', 'done']);
export const TaskPriority = z.enum(['low', 'medium', 'high', 'urgent']);

/** One checklist item of a task. */
export const ChecklistItem = z.object({ id: z.string().uuid(), text: z.string(), done: z.boolean() });
export type ChecklistItem = z.infer<typeof ChecklistItem>;

/** A task's state as events carry it (event-carried state: consumers need no read-back). */
export const TaskSnapshot = z.object({
  id: z.string().uuid(),
  ownerId: z.string().uuid(),
  title: z.string(),
  description: z.string().nullable(),
  status: TaskStatus,
  priority: TaskPriority,
  tags: z.array(z.string()),
  /** Absent in events from before checklists existed. */
  checklist: z.array(ChecklistItem).optional(),
  dueAt: z.string().datetime({ offset: true }).nullable(),
  timeZone: z.string().nullable(),
  /**
   * Due on a day, not at a time (issue 20): dueAt is 00:00 of dueDate in
   * timeZone. Defaults keep events from before all-day tasks readable.
   */
  allDay: z.boolean().default(false),
  /** The due day (YYYY-MM-DD in timeZone) of an all-day task; null for a timed or undated one. */
  dueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable()
    .default(null),
  completedAt: z.string().datetime({ offset: true }).nullable(),
  deletedAt: z.string().datetime({ offset: true }).nullable(),
  version: z.number().int().positive(),
  /** The recurring series this task is an occurrence of (absent in events from before series existed). */
  seriesId: z.string().uuid().nullish(),
  occurrenceIndex: z.number().int().min(0).nullish(),
  /** The project the task lives in (issue 19; absent in events from before projects existed). */
  projectId: z.string().uuid().nullish(),
  /** The project section, if the task is in one. */
  sectionId: z.string().uuid().nullish(),
  /** Members the task is assigned to (absent in events from before assignees existed). */
  assigneeIds: z.array(z.string().uuid()).optional(),
  /** Who made the change that produced this version (a user id or `app:<app-id>`), so a conflict can say who. */
  updatedBy: z.string().nullish(),
  createdAt: z.string().datetime({ offset: true }),
  updatedAt: z.string().datetime({ offset: true }),
});
export type TaskSnapshot = z.infer<typeof TaskSnapshot>;
