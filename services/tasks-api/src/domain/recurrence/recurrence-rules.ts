import { AppError, ErrorCode } from '@taskmesh/platform';
import type { Preset } from '@taskmesh/recurrence';
import {
  buildSeries,
  presetToRule,
  RecurrenceRuleError,
  type Series,
  type SeriesDefinition,
  StepBudget,
} from '@taskmesh/recurrence';

interface RuleInput {
  rrule?: string;
  preset?: Preset;
  timeZone: string;
  anchor: string;
  mode: SeriesDefinition['mode'];
}

/**
 * Builds a series, turning a bad rule into a 400 that names the field. Give
 * the same budget to the evaluations that follow in the request (issue 15:
 * one budget bounds a request's work on a rule).
 */
export function seriesFrom(input: RuleInput, budget = new StepBudget()): Series {
  const rrule = input.rrule ?? presetToRule(input.preset as Preset);
  return withRuleProblems(input, () =>
    buildSeries({ rrule, timeZone: input.timeZone, anchor: input.anchor, mode: input.mode }, budget),
  );
}

/**
 * Runs an evaluation of a rule, turning a refused rule, or one that runs out
 * of its step budget, into a 400 naming the field (never a 500 or a stall).
 */
export function withRuleProblems<T>(input: { rrule?: string }, evaluate: () => T): T {
  try {
    return evaluate();
  } catch (error) {
    if (!(error instanceof RecurrenceRuleError)) throw error;
    const field = error.field === 'rrule' && input.rrule === undefined ? 'preset' : error.field;
    throw new AppError(ErrorCode.validation, error.message, { errors: [{ field, message: error.message }] });
  }
}
