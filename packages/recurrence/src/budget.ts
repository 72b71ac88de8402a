import { Frequency, type Options, RRule } from 'rrule';
import { RecurrenceRuleError } from './rule';

/**
 * What one evaluation of a rule may cost (issue 15: a rule anchored centuries
 * back, or one that rarely or never matches, made a single request walk for
 * seconds). A step is one period rrule examines (a day, week or month; a year
 * costs 5, since rrule filters every day of it) or one occurrence it returns.
 * bench/recurrence.ts measures about 5-10 µs per step on the project's
 * machine, so a full budget stays well under the 100 ms target.
 */
export const STEP_BUDGET = 5_000;
const periodCost: Record<number, number> = {
  [Frequency.DAILY]: 1,
  [Frequency.WEEKLY]: 1,
  [Frequency.MONTHLY]: 1,
  [Frequency.YEARLY]: 5,
};
export const OCCURRENCE_COST = 1;

/** A rule that needs more steps than the budget allows: refused, like any other bad rule. */
export class RecurrenceBudgetError extends RecurrenceRuleError {
  constructor(limit: number) {
    super(
      `this rule needs more than ${limit} steps to find its occurrences (it matches too rarely, or never): ` +
        'use a coarser FREQ (e.g. FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29 rather than FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29) or fewer BY parts',
    );
    this.name = 'RecurrenceBudgetError';
  }
}

/** The steps one evaluation has spent; throws RecurrenceBudgetError past the limit. */
export class StepBudget {
  private spent = 0;
  constructor(readonly limit = STEP_BUDGET) {}

  spend(cost: number): void {
    this.spent += cost;
    if (this.spent > this.limit) throw new RecurrenceBudgetError(this.limit);
  }

  get steps(): number {
    return Math.ceil(this.spent);
  }
}

/**
 * An RRule (never cached) whose walk spends from a budget. rrule's iterator
 * callback sees only occurrences, not the periods it examines between them:
 * a rule that never matches runs to the year 9999 without one call (19 s for
 * FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30). rrule 2.8.1's iter() reads
 * options.interval twice per period (at the end of the loop and in
 * DateTime.add), so a getter on it counts the periods, and throwing from it
 * stops the walk. budget.test.ts fails if a new rrule version stops doing so.
 */
export function budgetedRule(options: Partial<Options>, budget: StepBudget): RRule {
  const rule = new RRule(options, true);
  const parsed = { ...rule.options };
  const { interval } = parsed;
  const halfPeriod = (periodCost[parsed.freq] ?? 1) / 2;
  Object.defineProperty(parsed, 'interval', {
    enumerable: true,
    get: () => {
      budget.spend(halfPeriod);
      return interval;
    },
  });
  rule.options = parsed;
  return rule;
}
