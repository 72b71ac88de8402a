import {
  buildSeries,
  nextOccurrence,
  occurrencesAfter,
  RecurrenceBudgetError,
  RecurrenceRuleError,
  type SeriesDefinition,
  STEP_BUDGET,
  StepBudget,
} from '.';

// Issue 15: one request could stall tasks-api by evaluating a rule anchored
// centuries back, or one that rarely or never matches. These rules must be
// refused or answered within the step budget (steps are counted, not timed;
// bench/recurrence.ts prints the milliseconds).

const now = new Date('2026-06-15T12:00:00Z');
const define = (rrule: string, anchor = '2026-01-06T09:00', timeZone = 'Europe/Berlin'): SeriesDefinition => ({
  rrule,
  anchor,
  timeZone,
  mode: 'fixed',
});

/** The refusal a definition gets, or undefined when it builds. */
function refusal(definition: SeriesDefinition, budget = new StepBudget()): RecurrenceRuleError | undefined {
  try {
    buildSeries(definition, budget, now);
    return undefined;
  } catch (error) {
    if (error instanceof RecurrenceRuleError) return error;
    throw error;
  }
}

describe('the step budget', () => {
  it('counts the periods rrule examines between occurrences, not only the occurrences', () => {
    // Every day of February only: from March 1st, 337 days pass before the first occurrence.
    const budget = new StepBudget();
    const series = buildSeries(define('FREQ=DAILY;BYMONTH=2', '2026-03-01T09:00'), budget, now);
    expect(occurrencesAfter(series, undefined, 1)[0]?.toISOString()).toBe('2027-02-01T08:00:00.000Z');
    expect(budget.steps).toBeGreaterThanOrEqual(337);
    expect(budget.steps).toBeLessThan(345);
  });

  it('stops a walk at its limit with an error naming the rule', () => {
    const budget = new StepBudget(100);
    const error = refusal(define('FREQ=DAILY;BYMONTH=2', '2026-03-01T09:00'), budget);
    expect(error).toBeInstanceOf(RecurrenceBudgetError);
    expect(error?.field).toBe('rrule');
    expect(error?.message).toMatch(/more than 100 steps/);
    expect(budget.steps).toBeLessThanOrEqual(101);
  });
});

describe('far anchors', () => {
  it.each(['1000-01-01T09:00', '1899-12-31T23:59', '2127-01-01T09:00', '9999-12-31T09:00'])(
    'refuses the anchor %s, naming the anchor',
    (anchor) => {
      const error = refusal(define('FREQ=DAILY', anchor));
      expect(error?.field).toBe('anchor');
      expect(error?.message).toMatch(/anchor must be from 1900-01-01 to 2126-12-31/);
    },
  );

  it.each([
    ['FREQ=DAILY', '1900-01-01T09:00', '2026-06-16T07:00:00.000Z'],
    ['FREQ=WEEKLY;BYDAY=MO,FR', '1900-01-01T09:00', '2026-06-19T07:00:00.000Z'],
    ['FREQ=MONTHLY;BYMONTHDAY=31', '1900-01-31T09:00', '2026-06-30T07:00:00.000Z'],
    ['FREQ=YEARLY', '1900-02-28T09:00', '2027-02-28T08:00:00.000Z'],
    ['FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13', '1900-04-13T09:00', '2026-11-13T08:00:00.000Z'],
  ])('answers %s anchored at %s from the period nearest now, in a few steps', (rrule, anchor, next) => {
    const series = buildSeries(define(rrule, anchor), new StepBudget(), now);
    const budget = new StepBudget();
    const [first, ...rest] = occurrencesAfter(series, now, 10, budget);
    expect(first?.toISOString()).toBe(next);
    expect(rest).toHaveLength(9);
    expect(budget.steps).toBeLessThan(120);
  });

  it('walks a COUNT from the anchor once, when the series is built, and is then cheap', () => {
    const build = new StepBudget();
    const series = buildSeries(define('FREQ=DAILY;COUNT=1000', '2024-01-01T09:00'), build, now);
    expect(build.steps).toBeLessThan(2 * 1000 + 10);
    const budget = new StepBudget();
    const last = occurrencesAfter(series, new Date('2026-09-25T12:00:00Z'), 5, budget);
    expect(last.map((d) => d.toISOString())).toEqual(['2026-09-26T07:00:00.000Z']);
    expect(budget.steps).toBeLessThan(20);
  });
});

describe('rules refused before they are walked', () => {
  it.each([
    ['FREQ=SECONDLY;COUNT=1000000', /COUNT must be whole numbers from 1 to 1000/],
    ['FREQ=SECONDLY', /FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY/],
    ['FREQ=MINUTELY;COUNT=500', /FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY/],
    ['FREQ=DAILY;COUNT=1001', /COUNT must be whole numbers from 1 to 1000/],
    ['FREQ=DAILY;INTERVAL=1000000', /INTERVAL must be whole numbers from 1 to 1000/],
    ['FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2', /never produces an occurrence/],
    ['FREQ=YEARLY;BYMONTH=2,4;BYMONTHDAY=31,-31;BYSETPOS=1', /never produces an occurrence/],
    ['FREQ=DAILY;UNTIL=99991231T000000Z', /UNTIL must be from 1900-01-01 to 2126-12-31/],
    ['FREQ=DAILY;UNTIL=18000101T000000Z', /UNTIL must be from 1900-01-01 to 2126-12-31/],
    ['FREQ=DAILY;UNTIL=20250101T000000Z', /never produces an occurrence from its anchor/],
    [`FREQ=YEARLY;BYYEARDAY=${Array.from({ length: 32 }, (_, i) => i + 1).join(',')}`, /BYYEARDAY lists at most 31/],
  ])('%s', (rrule, message) => {
    const error = refusal(define(rrule));
    expect(error?.field).toBe('rrule');
    expect(error?.message).toMatch(message);
  });
});

describe('rules that match rarely or never run out of steps, not time', () => {
  it.each([
    // A Monday every 7 days from a Tuesday: never.
    ['FREQ=DAILY;INTERVAL=7;BYDAY=MO', '2026-01-06T09:00'],
    // February 29th on a Thursday, walked day by day: the next is in 2052.
    ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=TH', '2026-01-06T09:00'],
    // Week 1 never falls in June.
    ['FREQ=WEEKLY;BYWEEKNO=1;BYMONTH=6', '2026-01-05T09:00'],
    ['FREQ=MONTHLY;BYWEEKNO=1;BYMONTH=6', '2026-01-06T09:00'],
    ['FREQ=YEARLY;BYYEARDAY=366;BYMONTH=1', '2026-01-06T09:00'],
    ['FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6', '2026-01-06T09:00'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6', '2026-01-06T09:00'],
    ['FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29,30', '2025-01-06T09:00'],
    // Every day of January matches, no BYSETPOS value selects one; each value costs steps.
    [
      `FREQ=YEARLY;BYMONTH=1;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=${Array.from({ length: 31 }, (_, i) => 32 + i).join(',')}`,
      '2026-01-06T09:00',
    ],
  ])('%s from %s', (rrule, anchor) => {
    const budget = new StepBudget();
    const error = refusal(define(rrule, anchor), budget);
    expect(error).toBeInstanceOf(RecurrenceBudgetError);
    expect(error?.field).toBe('rrule');
    // Within the budget, give or take the half period being counted when it ran out.
    expect(budget.steps).toBeLessThanOrEqual(STEP_BUDGET + 10);
  });

  it('the same rare date with a coarser FREQ is cheap', () => {
    const budget = new StepBudget();
    // Two days listed keep RFC 5545's skipping (one day, 29, would fall back to February 28th).
    const series = buildSeries(define('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29,30;BYDAY=TH'), budget, now);
    expect(occurrencesAfter(series, now, 2, budget).map((d) => d.toISOString())).toEqual([
      '2052-02-29T08:00:00.000Z',
      '2080-02-29T08:00:00.000Z',
    ]);
    expect(budget.steps).toBeLessThan(500);
  });

  it('an evaluation that needs more than the budget is refused, whatever its start', () => {
    // Every Monday that is a 31st (about twice a year), 50 of them: more days than the budget.
    const series = buildSeries(define('FREQ=DAILY;BYMONTHDAY=31;BYDAY=MO'), new StepBudget(), now);
    expect(() => occurrencesAfter(series, now, 50)).toThrow(RecurrenceBudgetError);
    expect(() =>
      nextOccurrence(series, { scheduledAt: now, completedAt: now }, new StepBudget(STEP_BUDGET)),
    ).not.toThrow();
  });
});
