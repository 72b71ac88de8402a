import { describe, occurrencesAfter, StepBudget } from '@taskmesh/recurrence';
import type { PreviewInput } from './recurrence-input';
import { seriesFrom, withRuleProblems } from './recurrence-rules';

/** The next occurrences of a rule and a human-readable description, without saving anything. */
export function previewRecurrence(input: PreviewInput, now = new Date()) {
  const budget = new StepBudget();
  const series = seriesFrom(input, budget);
  const occurrences = withRuleProblems(input, () =>
    occurrencesAfter(series, new Date(now.getTime() - 1), input.count, budget),
  );
  return {
    rrule: series.definition.rrule,
    description: describe(series),
    occurrences: occurrences.map((d) => d.toISOString()),
  };
}
