import { Frequency, type Options, RRule } from 'rrule';
import { applyMonthEndPolicy, parseRule, RecurrenceRuleError } from './rule';
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
  rule: RRule;
  anchor: Floating;
}

/** Validates a definition and builds the rule, with the month-end policy applied. */
export function buildSeries(definition: SeriesDefinition): Series {
  if (!isTimeZone(definition.timeZone))
    throw new RecurrenceRuleError(`${definition.timeZone} is not an IANA time zone`);
  const anchor = parseLocal(definition.anchor);
  if (!anchor) throw new RecurrenceRuleError('anchor must be a local date-time without offset, e.g. 2026-01-31T09:00');
  const parsed = parseRule(definition.rrule);
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
  return { definition, anchor, rule: new RRule({ ...options, until, dtstart: anchor, tzid: null }) };
}

/**
 * RFC 5545 takes missing BYxxx parts from DTSTART. Made explicit here so the
 * month-end policy sees "monthly from Jan 31" as BYMONTHDAY=31.
 */
function withAnchorDefaults(options: Partial<Options>, anchor: Floating): Partial<Options> {
  const has = (key: keyof Options) => options[key] !== undefined && options[key] !== null;
  const noDayParts = !has('byweekday') && !has('bymonthday') && !has('byyearday') && !has('byweekno');
  if (options.freq === Frequency.MONTHLY && noDayParts) return { ...options, bymonthday: [anchor.getUTCDate()] };
  if (options.freq === Frequency.YEARLY && noDayParts && !has('bymonth')) {
    return { ...options, bymonth: [anchor.getUTCMonth() + 1], bymonthday: [anchor.getUTCDate()] };
  }
  return options;
}

/** The first `count` occurrences strictly after an instant (all of them from the anchor if `after` is undefined). */
export function occurrencesAfter(series: Series, after: Date | undefined, count: number): Date[] {
  const zone = series.definition.timeZone;
  const result: Date[] = [];
  // Step in the floating domain; a second before `after` catches an occurrence
  // whose instant moved (gap) while its wall time did not.
  let cursor: Floating | undefined = after ? new Date(toFloating(after, zone).getTime() - 1000) : undefined;
  let inclusive = after === undefined;
  while (result.length < count) {
    const next: Floating | null = cursor
      ? series.rule.after(cursor, inclusive)
      : series.rule.after(series.anchor, true);
    if (!next) break;
    const instant = toInstant(next, zone);
    if (!after || instant.getTime() > after.getTime()) result.push(instant);
    cursor = next;
    inclusive = false;
  }
  return result;
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
export function nextOccurrence(series: Series, { scheduledAt, completedAt }: NextOccurrenceInput): Date | undefined {
  if (series.definition.mode === 'fixed') {
    const after = new Date(Math.max(scheduledAt.getTime(), completedAt.getTime()));
    return occurrencesAfter(series, after, 1)[0];
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
  const stepper = new RRule({ ...series.rule.origOptions, dtstart: start, count: 2, until: null });
  const [, next] = stepper.all();
  if (!next) return undefined;
  const until = series.rule.options.until;
  if (until && next.getTime() > until.getTime()) return undefined;
  return toInstant(next, zone);
}
