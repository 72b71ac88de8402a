import { describe, occurrencesAfter } from '@taskmesh/recurrence';
import type { PreviewInput } from './recurrence-input';
import { seriesFrom } from './recurrence-rules';

/** The next occurrences of a rule and a human-readable description, without saving anything. */
export function previewRecurrence(input: PreviewInput, now = new Date()) {
  const series = seriesFrom(input);
  return {
    rrule: series.definition.rrule,
    description: describe(series),
    occurrences: occurrencesAfter(series, new Date(now.getTime() - 1), input.count).map((d) => d.toISOString()),
  };
}
