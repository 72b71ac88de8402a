import { Frequency, type Options, RRule } from 'rrule';
import { RecurrenceRuleError } from './rule';

/**
 * What one evaluation of a rule may cost (issue 15: a rule anchored centuries
 * back, or one that rarely or never matches, made a single request walk for
 * seconds). A step is about 8 µs of CPU on the project's machine: one day,
 * week or month that rrule examines, or one occurrence it returns; a year
 * costs 4, and each BYSETPOS value adds to every period (rrule looks at each
 * of the period's days once per value: 136 µs for a year with 31 values).
 * bench/recurrence.ts prints the figures; a full budget is 25-35 ms of CPU.
 */
export const STEP_BUDGET = 3_000;
export const OCCURRENCE_COST = 1;

const periodDays: Record<number, number> = {
  [Frequency.DAILY]: 1,
  [Frequency.WEEKLY]: 7,
  [Frequency.MONTHLY]: 31,
  [Frequency.YEARLY]: 366,
};

/** The steps one period of a rule costs. */
export function periodSteps(freq: Frequency, setposValues: number): number {
  const days = periodDays[freq] ?? 366;
  const base = freq === Frequency.YEARLY ? 4 : 1;
  return base + setposValues * (1 / 32 + days / 800);
}

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
 * FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30,31). rrule 2.8.1's iter() reads
 * options.interval twice per period (at the end of the loop and in
 * DateTime.add), so a getter on it counts the periods, and throwing from it
 * stops the walk (docs/decisions/004). bounds.test.ts fails if a new rrule
 * version stops doing so.
 */
export function budgetedRule(options: Partial<Options>, budget: StepBudget): RRule {
  const rule = new RRule(options, true);
  const parsed = { ...rule.options };
  const { interval } = parsed;
  const halfPeriod = periodSteps(parsed.freq, parsed.bysetpos?.length ?? 0) / 2;
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
