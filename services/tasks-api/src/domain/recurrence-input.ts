import { isoDateTime, isStorableInstant } from '@taskmesh/platform';
import { Preset, parseLocal } from '@taskmesh/recurrence';
import { z } from 'zod';
import { TimeZone } from './task-input';

const dayMs = 86_400_000;

/**
 * A wall-clock time some zone turns into a storable instant: a real date (no
 * 2026-13-45) at least a day inside the storable range, since a zone's offset
 * moves it by up to a day (issue 15: year 0 was a 500).
 */
const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'a local date-time without offset, e.g. 2026-01-31T09:00')
  .refine((value) => {
    const wall = parseLocal(value);
    return (
      wall !== undefined &&
      isStorableInstant(new Date(wall.getTime() - dayMs)) &&
      isStorableInstant(new Date(wall.getTime() + dayMs))
    );
  }, 'must be a real date-time between years 0001 and 9999');

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
