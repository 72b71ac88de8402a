import { z } from 'zod';

const Weekday = z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']);

/** The choices the UI offers, each one an RRULE. */
export const Preset = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('daily') }).strict(),
  z.object({ kind: z.literal('weekdays') }).strict(),
  z.object({ kind: z.literal('weekly'), days: z.array(Weekday).min(1).max(7) }).strict(),
  z
    .object({
      kind: z.literal('everyNWeeks'),
      weeks: z.number().int().min(2).max(52),
      days: z.array(Weekday).min(1).max(7),
    })
    .strict(),
  z.object({ kind: z.literal('monthlyOnDay'), day: z.number().int().min(1).max(31) }).strict(),
  z.object({ kind: z.literal('monthlyOnLastDay') }).strict(),
  z
    .object({
      kind: z.literal('monthlyOnWeekday'),
      /** 1..4 for the first to fourth, -1 for the last. */
      nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]),
      day: Weekday,
    })
    .strict(),
  z.object({ kind: z.literal('yearly') }).strict(),
]);
export type Preset = z.infer<typeof Preset>;

const order = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const days = (list: string[]) => [...new Set(list)].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(',');

/** The RRULE of a preset. Monthly/yearly dates follow the anchor's day (and the month-end policy). */
export function presetToRule(preset: Preset): string {
  switch (preset.kind) {
    case 'daily':
      return 'FREQ=DAILY';
    case 'weekdays':
      return 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
    case 'weekly':
      return `FREQ=WEEKLY;BYDAY=${days(preset.days)}`;
    case 'everyNWeeks':
      return `FREQ=WEEKLY;INTERVAL=${preset.weeks};BYDAY=${days(preset.days)}`;
    case 'monthlyOnDay':
      return `FREQ=MONTHLY;BYMONTHDAY=${preset.day}`;
    case 'monthlyOnLastDay':
      return 'FREQ=MONTHLY;BYMONTHDAY=-1';
    case 'monthlyOnWeekday':
      return `FREQ=MONTHLY;BYDAY=${preset.nth}${preset.day}`;
    case 'yearly':
      return 'FREQ=YEARLY';
  }
}
