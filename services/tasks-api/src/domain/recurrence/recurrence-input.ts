import { isoDateTime } from '@taskmesh/platform';
import { Preset, parseLocal, windowProblem } from '@taskmesh/recurrence';
import { z } from 'zod';
import { TimeZone } from '../tasks/task-input';

/** A series' anchor: from 1900 to 100 years ahead (issue 15: an anchor centuries back made every evaluation walk from it). */
const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'a local date-time without offset, e.g. 2026-01-31T09:00')
  .superRefine((value, ctx) => {
    const local = parseLocal(value);
    const problem = local ? windowProblem(local, 'anchor') : 'not a date-time that exists';
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A rule as RRULE text or as one of the UI's presets: exactly one of the two. */
const RuleChoice = {
  rrule: z.string().min(1).max(500).optional(),
  preset: Preset.optional(),
  /** Defaults to the task's zone, then the user's. */
  timeZone: TimeZone.optional(),
  /** The first occurrence's local time; defaults to the task's due date in that zone. */
  anchor: LocalDateTime.optional(),
  mode: z.enum(['fixed', 'afterCompletion']).default('fixed'),
};

const oneRule = (input: { rrule?: string; preset?: unknown }) =>
  (input.rrule === undefined) !== (input.preset === undefined);
const oneRuleMessage = { message: 'send either rrule or preset', path: ['rrule'] };

/** Body of PUT /tasks/:id/recurrence. */
export const SetRecurrenceInput = z.object(RuleChoice).strict().refine(oneRule, oneRuleMessage);
export type SetRecurrenceInput = z.infer<typeof SetRecurrenceInput>;

/** Body of POST /recurrence/preview. */
export const PreviewInput = z
  .object({
    ...RuleChoice,
    timeZone: TimeZone,
    anchor: LocalDateTime,
    count: z.number().int().min(1).max(50).default(10),
  })
  .strict()
  .refine(oneRule, oneRuleMessage);
export type PreviewInput = z.infer<typeof PreviewInput>;

/** Body of POST /internal/series/:id/occurrences (recurrence-agent). */
export const CreateOccurrenceInput = z
  .object({
    /** The occurrence that was completed. */
    afterTaskId: z.string().uuid(),
    // The column is a PostgreSQL integer: a larger index was a 500 (issue 15, found by the fuzz stage).
    occurrenceIndex: z.number().int().min(1).max(2_147_483_647),
    dueAt: isoDateTime(),
  })
  .strict();
export type CreateOccurrenceInput = z.infer<typeof CreateOccurrenceInput>;

export const SeriesIdParams = z.object({ id: z.string().uuid() }).strict();
