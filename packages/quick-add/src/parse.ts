import { buildSeries, occurrencesAfter } from '@taskmesh/recurrence';
import { DateTime } from 'luxon';
import {
  COUNT,
  countOf,
  DATE,
  DAY,
  MON,
  monthOf,
  ORDINAL,
  ordinalOf,
  TIME,
  WD,
  WD_LIST,
  weekdayCodes,
  weekdayOf,
} from './vocabulary';

export const quickAddPriorities = ['low', 'medium', 'high', 'urgent'] as const;
export type QuickAddPriority = (typeof quickAddPriorities)[number];

export type QuickAddPartKind = 'repeat' | 'until' | 'date' | 'time' | 'tag' | 'priority' | 'project';

/** A piece of the text quick add understood: highlighted while typing, and undoable. */
export interface QuickAddPart {
  kind: QuickAddPartKind;
  /** Offsets in the text: text.slice(start, end) is the piece. */
  start: number;
  end: number;
  text: string;
}

export interface QuickAddRepeat {
  /** RRULE value for @taskmesh/recurrence (no DTSTART: the anchor gives start, time and zone). */
  rrule: string;
  /** The first occurrence as a local date-time in the zone (00:00 for an all-day series). */
  anchor: string;
  timeZone: string;
  /** `every!`: the next one counts from when the task is completed. */
  mode: 'fixed' | 'afterCompletion';
}

export interface QuickAdd {
  title: string;
  tags: string[];
  priority?: QuickAddPriority;
  /** The project's name as typed after @ (the caller resolves it). */
  project?: string;
  /** The due day in the zone, YYYY-MM-DD. */
  dueDate?: string;
  /** The due time of day, HH:mm; absent for an all-day task. */
  dueTime?: string;
  /** The due instant (ISO 8601, UTC) when there is a time. */
  dueAt?: string;
  repeat?: QuickAddRepeat;
  parts: QuickAddPart[];
}

export interface QuickAddOptions {
  /** The moment of typing: relative phrases (tomorrow, in 3 days) count from it. */
  now: Date;
  /** The user's IANA zone: dates and times are read in it. */
  timeZone: string;
  /** Parts (by start offset) the user undid: they stay in the title as text. */
  literal?: readonly number[];
}

// Word boundaries that also keep #tags, @projects and !priorities whole.
const B0 = String.raw`(?<![\p{L}\p{N}_#@!])`;
const B1 = String.raw`(?![\p{L}\p{N}_])`;
const pattern = (body: string) => new RegExp(`${B0}(?:${body})${B1}`, 'giu');

const REPEAT_BODY = [
  String.raw`${ORDINAL}\s+${WD}`,
  String.raw`${MON}\.?\s+${DAY}`,
  String.raw`${DAY}\s+(?:of\s+)?${MON}`,
  String.raw`(?:(?:${COUNT}|other)\s+)?years?\s+on\s+(?:${MON}\.?\s+${DAY}|${DAY}\s+(?:of\s+)?${MON})`,
  String.raw`(?:(?:${COUNT}|other)\s+)?(?:day|week|month|year)s?(?:\s+on\s+(?:the\s+)?(?:${WD_LIST}|last\s+day|${DAY}(?:\s*(?:,|and)\s*${DAY})*))?`,
  String.raw`weekdays?|workdays?|weekends?`,
  WD_LIST,
  String.raw`(?:the\s+)?(?:last\s+day|${DAY})(?:\s+of\s+(?:the\s+)?month)?`,
].join('|');

const matchers: Array<{ kind: QuickAddPartKind; regex: RegExp; once: boolean }> = [
  { kind: 'tag', regex: /(?<![\p{L}\p{N}_])#[^\s#,]+/giu, once: false },
  { kind: 'priority', regex: pattern(String.raw`!(?:[1-4]|p[1-4]|low|medium|high|urgent)`), once: true },
  { kind: 'project', regex: /(?<![\p{L}\p{N}_])@[\p{L}\p{N}_-]+/giu, once: true },
  { kind: 'repeat', regex: pattern(String.raw`every!?\s+(?:${REPEAT_BODY})`), once: true },
  { kind: 'until', regex: pattern(String.raw`until\s+(?:${DATE})`), once: true },
  { kind: 'date', regex: pattern(String.raw`in\s+${COUNT}\s+(?:hours?|hrs?|minutes?|mins?)`), once: true },
  { kind: 'date', regex: pattern(DATE), once: true },
  { kind: 'time', regex: pattern(TIME), once: true },
];

/** Finds the parts, first kind first, never overlapping, each kind once (tags: all). */
function findParts(text: string, literal: readonly number[]): QuickAddPart[] {
  const parts: QuickAddPart[] = [];
  for (const { kind, regex, once } of matchers) {
    if (once && parts.some((p) => p.kind === kind)) continue;
    for (const match of text.matchAll(regex)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (literal.includes(start)) continue;
      if (parts.some((p) => start < p.end && p.start < end)) continue;
      parts.push({ kind, start, end, text: match[0] });
      if (once) break;
    }
  }
  return parts.sort((a, b) => a.start - b.start);
}

const priorityByDigit: Record<string, QuickAddPriority> = { '1': 'urgent', '2': 'high', '3': 'medium', '4': 'low' };

/** !1 (Todoist's p1, the highest) is urgent ... !4 is low; !high names one. */
function priorityOf(text: string): QuickAddPriority {
  const value = text.slice(1).toLowerCase().replace(/^p/, '');
  return priorityByDigit[value] ?? (value as QuickAddPriority);
}

/** A date phrase as a day in the zone, relative to `today`. */
export function dayOf(phrase: string, today: DateTime): DateTime | undefined {
  const text = phrase.toLowerCase().replace(/\s+/g, ' ').trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) {
    const day = DateTime.fromObject(
      { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) },
      { zone: today.zone },
    );
    return day.isValid ? day : undefined;
  }
  if (/^(today|tod)$/.test(text)) return today;
  if (/^(tomorrow|tmrw?|tmr)$/.test(text)) return today.plus({ days: 1 });
  const next = /^next (week|month|year)$/.exec(text);
  if (next?.[1] === 'week') return today.startOf('week').plus({ weeks: 1 });
  if (next?.[1] === 'month') return today.startOf('month').plus({ months: 1 });
  if (next?.[1] === 'year') return today.startOf('year').plus({ years: 1 });
  const relative = /^in (\S+) (day|week|month|year)s?$/.exec(text);
  if (relative) {
    const count = countOf(relative[1]);
    return count === undefined ? undefined : today.plus({ [`${relative[2]}s`]: count });
  }
  const weekday = /^(?:(on|next|this) )?(\S+)$/.exec(text);
  const wd = weekday?.[2] ? weekdayOf(weekday[2]) : undefined;
  if (weekday && wd) {
    // A bare weekday (or "on fri") is the next one after today; "this fri" may be
    // today; "next fri" is the Friday of next week (weeks start on Monday).
    if (weekday[1] === 'next') return today.startOf('week').plus({ weeks: 1, days: wd - 1 });
    const ahead = (wd - today.weekday + 7) % 7;
    return today.plus({ days: weekday[1] === 'this' ? ahead : ahead === 0 ? 7 : ahead });
  }
  const monthFirst = /^(\S+?)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?$/.exec(text);
  const dayFirst = /^(\d{1,2})(?:st|nd|rd|th)? (?:of )?(\S+?)\.?(?:,? (\d{4}))?$/.exec(text);
  const parts = monthFirst
    ? { month: monthOf(monthFirst[1] ?? ''), day: Number(monthFirst[2]), year: monthFirst[3] }
    : dayFirst
      ? { month: monthOf(dayFirst[2] ?? ''), day: Number(dayFirst[1]), year: dayFirst[3] }
      : undefined;
  if (!parts?.month) return undefined;
  const inYear = (year: number) =>
    DateTime.fromObject({ year, month: parts.month, day: parts.day }, { zone: today.zone });
  if (parts.year) {
    const day = inYear(Number(parts.year));
    return day.isValid ? day : undefined;
  }
  // Without a year: the next such day from today (Feb 29 waits for a leap year, up to 8 years).
  for (let year = today.year; year <= today.year + 8; year += 1) {
    const day = inYear(year);
    if (day.isValid && day >= today) return day;
  }
  return undefined;
}

/** A time phrase as hours and minutes. */
export function timeOf(phrase: string): { hour: number; minute: number } | undefined {
  const text = phrase
    .toLowerCase()
    .replace(/^at\s+/, '')
    .replace(/\./g, '')
    .replace(/\s+/g, '');
  if (text === 'noon' || text === 'midday') return { hour: 12, minute: 0 };
  if (text === 'midnight') return { hour: 0, minute: 0 };
  const match = /^(\d{1,2})(?::(\d{2}))?(am|pm)?$/.exec(text);
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  if (match[3] === 'am' && hour === 12) hour = 0;
  if (match[3] === 'pm' && hour < 12) hour += 12;
  return hour < 24 && minute < 60 ? { hour, minute } : undefined;
}

const byDayList = (phrase: string) =>
  [...phrase.matchAll(new RegExp(WD, 'giu'))]
    .map((m) => weekdayOf(m[0]))
    .filter((d): d is number => d !== undefined)
    .map((d) => weekdayCodes[d - 1])
    .filter((code, i, all) => all.indexOf(code) === i)
    .join(',');

const monthDays = (phrase: string) =>
  [...phrase.matchAll(/(\d{1,2})(?:st|nd|rd|th)?/g)].map((m) => Number(m[1])).filter((d) => d >= 1 && d <= 31);

/**
 * "mar 3" or "3rd of march" as a month and day; null when it has that shape
 * but no such day, undefined when it is not that shape.
 */
function monthAndDay(text: string): { month: number; day: number } | null | undefined {
  const match =
    new RegExp(`^(${MON})\\.? (${DAY})$`, 'iu').exec(text) ??
    new RegExp(`^(${DAY}) (?:of )?(${MON})$`, 'iu').exec(text);
  if (!match) return undefined;
  const [first = '', second = ''] = [match[1], match[2]];
  const month = monthOf(first) ?? monthOf(second);
  const day = monthDays(monthOf(first) ? second : first)[0];
  return month && day ? { month, day } : null;
}

/** The RRULE of an `every ...` phrase (without `every`), or undefined when it is not one. */
export function ruleOf(body: string): string | undefined {
  const text = body.toLowerCase().replace(/\s+/g, ' ').trim();
  const nth = new RegExp(`^(${ORDINAL}) (${WD})$`, 'iu').exec(text);
  if (nth) {
    const position = ordinalOf(nth[1] ?? '');
    const day = weekdayOf(nth[2] ?? '');
    return position && day ? `FREQ=MONTHLY;BYDAY=${position}${weekdayCodes[day - 1]}` : undefined;
  }
  if (monthAndDay(text) !== undefined) {
    const yearly = monthAndDay(text);
    return yearly ? `FREQ=YEARLY;BYMONTH=${yearly.month};BYMONTHDAY=${yearly.day}` : undefined;
  }
  const unit = /^(?:(\S+) )?(day|week|month|year)s?(?: on (?:the )?(.+))?$/.exec(text);
  if (unit) {
    const interval = unit[1] === undefined ? 1 : countOf(unit[1]);
    if (interval === undefined || interval < 1) return undefined;
    const freq = { day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY', year: 'YEARLY' }[unit[2] as 'day'];
    const on = unit[3];
    let by = '';
    if (on) {
      const days = byDayList(on);
      if (days && (freq === 'WEEKLY' || freq === 'DAILY')) by = `;BYDAY=${days}`;
      else if (freq === 'MONTHLY' && /^last day$/.test(on)) by = ';BYMONTHDAY=-1';
      else if (freq === 'MONTHLY' && monthDays(on).length > 0) by = `;BYMONTHDAY=${monthDays(on).join(',')}`;
      else if (freq === 'YEARLY' && monthAndDay(on)) {
        const { month, day } = monthAndDay(on) as { month: number; day: number };
        by = `;BYMONTH=${month};BYMONTHDAY=${day}`;
      } else return undefined;
    }
    const weekly = freq === 'DAILY' && by ? 'WEEKLY' : freq;
    return `FREQ=${weekly}${interval > 1 ? `;INTERVAL=${interval}` : ''}${by}`;
  }
  if (/^(weekday|workday)s?$/.test(text)) return 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
  if (/^weekends?$/.test(text)) return 'FREQ=WEEKLY;BYDAY=SA,SU';
  if (new RegExp(`^${WD_LIST}$`, 'iu').test(text)) return `FREQ=WEEKLY;BYDAY=${byDayList(text)}`;
  if (/^(the )?last day( of (the )?month)?$/.test(text)) return 'FREQ=MONTHLY;BYMONTHDAY=-1';
  const monthDay = /^(?:the )?(\d{1,2})(?:st|nd|rd|th)?(?: of (?:the )?month)?$/.exec(text);
  if (monthDay) {
    const day = Number(monthDay[1]);
    return day >= 1 && day <= 31 ? `FREQ=MONTHLY;BYMONTHDAY=${day}` : undefined;
  }
  return undefined;
}

const localFormat = "yyyy-MM-dd'T'HH:mm";

/**
 * The series of a repeat: anchored at its first occurrence on or after the
 * start (a day; with a time, after `now` as well). Interval rules count from
 * that first matching day, so "every 2 weeks on tue" starts on the coming
 * Tuesday. Undefined when the rule never produces an occurrence.
 */
function seriesFrom(
  rrule: string,
  mode: QuickAddRepeat['mode'],
  start: DateTime,
  time: { hour: number; minute: number } | undefined,
  now: DateTime,
): QuickAddRepeat | undefined {
  const timeZone = start.zoneName ?? 'UTC';
  const at = start.set({ hour: time?.hour ?? 0, minute: time?.minute ?? 0, second: 0, millisecond: 0 });
  // An occurrence earlier today than now is past when it has a time; an all-day one is still due today.
  const after = time && at < now ? now : at.minus({ milliseconds: 1 });
  try {
    if (mode === 'afterCompletion') {
      // every! N days: the first one is the start itself; later ones count from each completion.
      const anchor = (time && at < now ? at.plus({ days: 1 }) : at).toFormat(localFormat);
      buildSeries({ rrule, timeZone, anchor, mode });
      return { rrule, anchor, timeZone, mode };
    }
    const firstRule = rrule.replace(/;INTERVAL=\d+/, '');
    const probe = buildSeries({ rrule: firstRule, timeZone, anchor: at.toFormat(localFormat), mode });
    const [first] = occurrencesAfter(probe, after.toJSDate(), 1);
    if (!first) return undefined;
    const anchor = DateTime.fromJSDate(first, { zone: timeZone }).toFormat(localFormat);
    buildSeries({ rrule, timeZone, anchor, mode });
    return { rrule, anchor, timeZone, mode };
  } catch {
    return undefined;
  }
}

/**
 * Reads a task from one line as Todoist users type it: "Pay rent every month
 * on the 1st at 9am #home !1 @Household". Dates and times are read in the
 * user's zone relative to `now`; `#tag` adds a tag, `!1`-`!4` (or !urgent ...
 * !low) sets the priority, `@name` names a project. What is not understood is
 * the title. Each understood piece is a part, so a caller can highlight it and
 * the user can undo it (`literal`).
 */
export function parseQuickAdd(text: string, options: QuickAddOptions): QuickAdd {
  const { timeZone } = options;
  const now = DateTime.fromJSDate(options.now, { zone: timeZone });
  const today = now.startOf('day');
  const found = findParts(text, options.literal ?? []);
  const kept: QuickAddPart[] = [];
  const result: QuickAdd = { title: '', tags: [], parts: kept };

  const datePart = found.find((p) => p.kind === 'date');
  const timePart = found.find((p) => p.kind === 'time');
  const repeatPart = found.find((p) => p.kind === 'repeat');
  const untilPart = found.find((p) => p.kind === 'until');

  let day: DateTime | undefined;
  let time = timePart ? timeOf(timePart.text) : undefined;
  const relativeTime = datePart && /^in\s/i.test(datePart.text) && /(hour|hr|min)/i.test(datePart.text);
  if (datePart && relativeTime) {
    const [, count, unit] = /^in\s+(\S+)\s+(\S+)$/i.exec(datePart.text.replace(/\s+/g, ' ')) ?? [];
    const amount = countOf(count);
    if (amount !== undefined) {
      const at = now.plus(/^h/i.test(unit ?? '') ? { hours: amount } : { minutes: amount });
      day = at.startOf('day');
      time = { hour: at.hour, minute: at.minute };
    }
  } else if (datePart) {
    day = dayOf(datePart.text, today);
  }

  let repeat: QuickAddRepeat | undefined;
  if (repeatPart) {
    const [, bang, body = ''] = /^every(!?)\s+([\s\S]*)$/i.exec(repeatPart.text) ?? [];
    let rrule = ruleOf(body);
    const until = untilPart ? dayOf(untilPart.text.replace(/^until\s+/i, ''), today) : undefined;
    // UNTIL is an instant (RFC 5545 with a zoned start; @taskmesh/recurrence reads it so): the
    // last second of that day in the user's zone, so an evening occurrence that day still counts.
    if (rrule && until)
      rrule += `;UNTIL=${until.set({ hour: 23, minute: 59, second: 59 }).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`;
    if (rrule) repeat = seriesFrom(rrule, bang ? 'afterCompletion' : 'fixed', day ?? today, time, now);
  }
  if (repeat) {
    const first = DateTime.fromISO(repeat.anchor, { zone: timeZone });
    day = first.startOf('day');
  } else if (time && !day) {
    // A time alone: today if it is still ahead, otherwise tomorrow.
    day = today.set(time) > now ? today : today.plus({ days: 1 });
  }

  for (const part of found) {
    if (part.kind === 'tag') {
      const tag = part.text.slice(1);
      if (!result.tags.includes(tag)) result.tags.push(tag);
    } else if (part.kind === 'priority') result.priority = priorityOf(part.text);
    else if (part.kind === 'project') result.project = part.text.slice(1);
    else if (part.kind === 'repeat' && !repeat) continue;
    else if (part.kind === 'until' && !(repeat && /UNTIL=/.test(repeat.rrule))) continue;
    else if (part.kind === 'date' && !day) continue;
    else if (part.kind === 'time' && time === undefined) continue;
    kept.push(part);
  }
  if (repeat) result.repeat = repeat;
  if (day) {
    result.dueDate = day.toISODate() ?? undefined;
    if (time) {
      const due = day.set({ hour: time.hour, minute: time.minute });
      result.dueTime = due.toFormat('HH:mm');
      result.dueAt = due.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined;
    }
  }
  result.title = titleWithout(text, kept);
  return result;
}

/** The text without the understood parts, spaces collapsed. */
function titleWithout(text: string, parts: QuickAddPart[]): string {
  let title = '';
  let at = 0;
  for (const part of parts) {
    title += `${text.slice(at, part.start)} `;
    at = part.end;
  }
  title += text.slice(at);
  return title.replace(/\s+/g, ' ').trim();
}
