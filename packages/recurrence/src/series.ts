import { Frequency, type Options, RRule } from 'rrule';
import { budgetedRule, OCCURRENCE_COST, StepBudget } from './budget';
import { nearestStart } from './nearest-start';
import { applyMonthEndPolicy, checkWindow, parseRule, RecurrenceRuleError } from './rule';
import { type Floating, isTimeZone, parseLocal, toFloating, toInstant } from './zone-time';

/**
 * fixed: the next occurrence follows the rule from the current occurrence's
 * scheduled time. afterCompletion: the next one is the rule's interval after
 * the completion (like Todoist's `every!`), at the anchor's time of day.
 */
export type RecurrenceMode = 'fixed' | 'afterCompletion';

export interface SeriesDefinition {
  /** RRULE value, e.g. FREQ=WEEKLY;BYDAY=MO,WE */
  rrule: string;
  /** IANA zone the series lives in. */
  timeZone: string;
  /** First occurrence as a local wall-clock time in that zone, e.g. 2026-01-31T09:00. */
  anchor: string;
  mode: RecurrenceMode;
}

export interface Series {
  definition: SeriesDefinition;
  /** The whole rule from the anchor (with COUNT or UNTIL), as describe() shows it. */
  rule: RRule;
  anchor: Floating;
  /** The rule's parts without DTSTART, COUNT and UNTIL, every day part explicit: walked from any period start. */
  options: Partial<Options>;
  /** The first occurrence (floating). */
  first: Floating;
  /** The last possible occurrence (floating): UNTIL, or the COUNT-th occurrence; null when the series is open. */
  end: Floating | null;
}

/**
 * Validates a definition and builds the rule, with the month-end policy
 * applied. Walks the rule once from the anchor, within the budget: to its
 * first occurrence (a rule that never produces one is refused), and with
 * COUNT to the COUNT-th, which becomes the series' end, so that later
 * evaluations can start near their point instead of counting from the anchor.
 */
export function buildSeries(definition: SeriesDefinition, budget = new StepBudget(), now = new Date()): Series {
  if (!isTimeZone(definition.timeZone))
    throw new RecurrenceRuleError(`${definition.timeZone} is not an IANA time zone`, 'timeZone');
  const anchor = parseLocal(definition.anchor);
  if (!anchor)
    throw new RecurrenceRuleError('anchor must be a local date-time without offset, e.g. 2026-01-31T09:00', 'anchor');
  checkWindow(anchor, 'anchor', now);
  const parsed = parseRule(definition.rrule, now);
  if (definition.mode === 'afterCompletion') {
    const extra = ['byweekday', 'bymonthday', 'bymonth', 'bysetpos', 'byyearday', 'byweekno'].filter(
      (key) =>
        (parsed as Record<string, unknown>)[key] !== undefined && (parsed as Record<string, unknown>)[key] !== null,
    );
    if (extra.length > 0) {
      throw new RecurrenceRuleError(
        'an after-completion series takes only FREQ, INTERVAL, COUNT and UNTIL (e.g. FREQ=DAILY;INTERVAL=3)',
      );
    }
  }
  const options = applyMonthEndPolicy(withAnchorDefaults(parsed, anchor));
  // UNTIL is an instant (UTC); compare it in the floating domain at the zone's wall time.
  const until = options.until ? toFloating(options.until, definition.timeZone) : null;
  const rule = new RRule({ ...options, until, dtstart: anchor, tzid: null });
  const walk = { ...options, count: null, until: null, dtstart: null, tzid: null };
  const { first, last } = walkFromAnchor({ ...walk, dtstart: anchor, until, count: options.count ?? null }, budget);
  if (!first) throw new RecurrenceRuleError('this rule never produces an occurrence from its anchor');
  return { definition, anchor, rule, options: walk, first, end: options.count ? (last ?? null) : until };
}

/** The first occurrence and, with COUNT, the COUNT-th (the last): one walk from the anchor. */
function walkFromAnchor(options: Partial<Options>, budget: StepBudget): { first?: Floating; last?: Floating } {
  const found: { first?: Floating; last?: Floating } = {};
  budgetedRule(options, budget).all((date) => {
    budget.spend(OCCURRENCE_COST);
    found.first ??= date;
    found.last = date;
    // rrule stops by itself after COUNT occurrences; without COUNT the first is enough.
    return Boolean(options.count);
  });
  return found;
}

/**
 * RFC 5545 takes missing BYxxx parts from DTSTART. Made explicit here so the
 * month-end policy sees "monthly from Jan 31" as BYMONTHDAY=31.
 */
function withAnchorDefaults(options: Partial<Options>, anchor: Floating): Partial<Options> {
  const has = (key: keyof Options) => options[key] !== undefined && options[key] !== null;
  const noDayParts = !has('byweekday') && !has('bymonthday') && !has('byyearday') && !has('byweekno');
  if (options.freq === Frequency.MONTHLY && noDayParts) return { ...options, bymonthday: [anchor.getUTCDate()] };
  // Also with BYMONTH (as rrule would): walks start on January 1st, not on the anchor's day (nearestStart).
  if (options.freq === Frequency.YEARLY && noDayParts) {
    const bymonth = has('bymonth') ? options.bymonth : [anchor.getUTCMonth() + 1];
    return { ...options, bymonth, bymonthday: [anchor.getUTCDate()] };
  }
  return options;
}

/**
 * The first `count` occurrences strictly after an instant (all of them from
 * the anchor if `after` is undefined), in one walk that starts at the period
 * nearest `after` (not at the anchor) and spends from the budget.
 */
export function occurrencesAfter(
  series: Series,
  after: Date | undefined,
  count: number,
  budget = new StepBudget(),
): Date[] {
  const zone = series.definition.timeZone;
  const result: Date[] = [];
  if (count < 1) return result;
  // Step in the floating domain; a second before `after` catches an occurrence
  // whose instant moved (gap) while its wall time did not.
  const cursor = after ? toFloating(after, zone).getTime() - 1000 : undefined;
  const dtstart =
    cursor === undefined
      ? series.anchor
      : nearestStart(series.anchor, series.rule.options.freq, series.rule.options.interval, new Date(cursor));
  budgetedRule({ ...series.options, dtstart, until: series.end }, budget).all((next) => {
    budget.spend(OCCURRENCE_COST);
    if (cursor !== undefined && next.getTime() <= cursor) return true;
    const instant = toInstant(next, zone);
    // A day the zone skipped reads as the next day's time: never twice the same instant (issue 16).
    const previous = result.at(-1);
    if (previous && instant.getTime() <= previous.getTime()) return true;
    if (!after || instant.getTime() > after.getTime()) result.push(instant);
    return result.length < count;
  });
  return result;
}

/** The series' first occurrence, as an instant. */
export function firstOccurrence(series: Series): Date {
  return toInstant(series.first, series.definition.timeZone);
}

export interface NextOccurrenceInput {
  /** When the current occurrence was scheduled (its due time). */
  scheduledAt: Date;
  /** When the user completed it. */
  completedAt: Date;
}

/**
 * The occurrence that follows a completed one, or undefined when the series has
 * ended (COUNT or UNTIL). Never in the past: completing a daily task that is
 * three days overdue schedules the next one after now, not three catch-ups.
 */
export function nextOccurrence(
  series: Series,
  { scheduledAt, completedAt }: NextOccurrenceInput,
  budget = new StepBudget(),
): Date | undefined {
  if (series.definition.mode === 'fixed') {
    const after = new Date(Math.max(scheduledAt.getTime(), completedAt.getTime()));
    return occurrencesAfter(series, after, 1, budget)[0];
  }
  // After completion: the rule's interval from the completion day, at the anchor's time of day.
  const zone = series.definition.timeZone;
  const done = toFloating(completedAt, zone);
  const start = new Date(
    Date.UTC(
      done.getUTCFullYear(),
      done.getUTCMonth(),
      done.getUTCDate(),
      series.anchor.getUTCHours(),
      series.anchor.getUTCMinutes(),
    ),
  );
  const stepper = budgetedRule({ ...series.rule.origOptions, dtstart: start, count: 2, until: null }, budget);
  const [, next] = stepper.all(() => {
    budget.spend(OCCURRENCE_COST);
    return true;
  });
  if (!next) return undefined;
  const until = series.rule.options.until;
  if (until && next.getTime() > until.getTime()) return undefined;
  return toInstant(next, zone);
}
