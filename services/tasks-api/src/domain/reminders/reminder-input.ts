import { ReminderChannel } from '@taskmesh/contracts';
import { isoDateTime } from '@taskmesh/platform';
import { z } from 'zod';
import { parseOffset } from './reminder-timing';

/** An ISO 8601 duration of at most a year (PT15M, P1D, P1W, P1DT2H). */
export const OffsetDuration = z
  .string()
  .max(40)
  .refine((value) => parseOffset(value) !== undefined, 'must be an ISO 8601 duration such as PT15M or P1D')
  .refine((value) => (parseOffset(value)?.as('days') ?? 0) <= 366, 'must be at most a year')
  .refine((value) => (parseOffset(value)?.as('milliseconds') ?? -1) >= 0, 'must not be negative');

const At = isoDateTime('at must be an ISO 8601 date-time with offset');
export const Channels = z
  .array(ReminderChannel)
  .min(1, 'name at least one channel')
  .max(3)
  .transform((channels) => [...new Set(channels)]);

const timingFields = ['at', 'beforeDue', 'afterDue'] as const;

/** Exactly one of at / beforeDue / afterDue; the error names the field to fix. */
function exactlyOneTiming(value: Partial<Record<(typeof timingFields)[number], unknown>>, ctx: z.RefinementCtx) {
  const given = timingFields.filter((field) => value[field] !== undefined);
  if (given.length === 1) return;
  ctx.addIssue({
    code: 'custom',
    path: [given[1] ?? 'at'],
    message: 'give exactly one of at (an instant), beforeDue or afterDue (a duration from the due date)',
  });
}

const reminderShape = {
  at: At.optional(),
  beforeDue: OffsetDuration.optional(),
  afterDue: OffsetDuration.optional(),
  /** Defaults to the user's default channels. */
  channels: Channels.optional(),
};

/** Body of POST /tasks/:id/reminders (and each entry of POST /tasks `reminders`). */
export const ReminderInput = z.object(reminderShape).strict().superRefine(exactlyOneTiming);
export type ReminderInput = z.infer<typeof ReminderInput>;

/** Body of PATCH /tasks/:id/reminders/:reminderId: a new time, new channels, or both. */
export const ReminderPatch = z
  .object(reminderShape)
  .strict()
  .superRefine((value, ctx) => {
    const timing = timingFields.filter((field) => value[field] !== undefined);
    if (timing.length > 1) exactlyOneTiming(value, ctx);
    if (timing.length === 0 && value.channels === undefined)
      ctx.addIssue({ code: 'custom', path: ['at'], message: 'send a new time (at, beforeDue, afterDue) or channels' });
  });
export type ReminderPatch = z.infer<typeof ReminderPatch>;

export const SnoozeInput = z.object({ for: OffsetDuration }).strict();
export type SnoozeInput = z.infer<typeof SnoozeInput>;

export const ReminderParams = z
  .object({
    id: z.string().uuid('id must be a task id (UUID)'),
    reminderId: z.string().uuid('reminderId must be a reminder id (UUID)'),
  })
  .strict();

/** The timing columns of a Reminder row for an input. */
export function timingColumns(input: { at?: string; beforeDue?: string; afterDue?: string }) {
  if (input.at) return { at: new Date(input.at), offset: null, direction: null };
  if (input.beforeDue) return { at: null, offset: input.beforeDue, direction: 'before' as const };
  return { at: null, offset: input.afterDue ?? 'PT0S', direction: 'after' as const };
}
