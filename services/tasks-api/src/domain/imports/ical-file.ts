import { AppError } from '@taskmesh/platform';
import { isTimeZone } from '@taskmesh/recurrence';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { contentKeyer, draftRow, importKey, type ReadRow, type RowFields } from './import-row';
import type { ReadContext } from './todoist-csv';

type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;
type Timezone = InstanceType<typeof ICAL.Timezone>;

const notCalendar = (message: string) => AppError.invalid('body', [{ field: 'content', message }]);

/** The VCALENDARs of a file (ical.js answers one component, or a list when there are several). */
function calendarsOf(content: string): Component[] {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(content);
  } catch (error) {
    throw notCalendar(`is not iCalendar (RFC 5545): ${(error as Error).message}`);
  }
  const list = (Array.isArray(parsed) && typeof parsed[0] === 'string' ? [parsed] : parsed) as unknown[];
  const calendars = list.map((jcal) => new ICAL.Component(jcal as unknown[])).filter((c) => c.name === 'vcalendar');
  if (calendars.length === 0) throw notCalendar('is not iCalendar (RFC 5545): no VCALENDAR');
  return calendars;
}

/** The VTODOs and VEVENTs of a file, in file order, with the VTIMEZONEs of their calendar. */
export function calendarItems(content: string): Array<{ item: Component; zones: Map<string, Timezone> }> {
  return calendarsOf(content).flatMap((calendar) => {
    const zones = new Map<string, Timezone>();
    for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
      const tzid = vtimezone.getFirstPropertyValue('tzid');
      if (typeof tzid === 'string') zones.set(tzid, new ICAL.Timezone(vtimezone));
    }
    return calendar
      .getAllSubcomponents()
      .filter((item) => item.name === 'vtodo' || item.name === 'vevent')
      .map((item) => ({ item, zones }));
  });
}

// RFC 5545 3.8.1.9: 1 is the highest, 9 the lowest, 0 undefined (our feeds write urgent 1, high 3, medium 5, low 9).
function priorityOf(value: unknown): string | undefined {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 9) return undefined;
  return n <= 2 ? 'urgent' : n <= 4 ? 'high' : n === 5 ? 'medium' : 'low';
}

const text = (item: Component, name: string) => {
  const value = item.getFirstPropertyValue(name);
  return typeof value === 'string' ? value : '';
};

/**
 * iCalendar (RFC 5545): each VTODO and VEVENT is a task. SUMMARY is the
 * title; the due is a VTODO's DUE (else DTSTART) or a VEVENT's DTSTART: a
 * DATE is an all-day task, a DATE-TIME in its TZID is read with the file's own
 * VTIMEZONE (ical.js), or the IANA zone of that name; UTC stays UTC and a
 * floating time is read in the user's zone. RRULE repeats; PRIORITY,
 * CATEGORIES (tags) and STATUS (COMPLETED: done) come along. The UID is the
 * import key. A changed occurrence of a repeating item (RECURRENCE-ID) is
 * skipped: its series is the task, and its next dates come from the rule.
 */
export function readCalendarRows(content: string, context: ReadContext): ReadRow[] {
  const keyOf = contentKeyer('icalendar');
  return calendarItems(content).map(({ item, zones }, index): ReadRow => {
    const row = index + 1;
    // ical.js reads a property's value when it is asked for: a broken one (DUE:soon) throws then.
    try {
      return readItem(row, item, zones, context, keyOf);
    } catch (error) {
      return { row, skip: `could not be read: ${(error as Error).message}` };
    }
  });
}

function readItem(
  row: number,
  item: Component,
  zones: Map<string, Timezone>,
  context: ReadContext,
  keyOf: (content: string[]) => string,
): ReadRow {
  const uid = text(item, 'uid');
  if (item.hasProperty('recurrence-id'))
    return { row, skip: 'a changed occurrence of a repeating item (RECURRENCE-ID): its series is imported' };
  const status = text(item, 'status').toUpperCase();
  if (status === 'CANCELLED') return { row, skip: 'cancelled (STATUS:CANCELLED)' };
  const dueProperty =
    item.name === 'vtodo'
      ? (item.getFirstProperty('due') ?? item.getFirstProperty('dtstart'))
      : item.getFirstProperty('dtstart');
  const due = dueProperty ? dueOf(dueProperty, zones, context.timeZone) : {};
  if (typeof due === 'string') return { row, skip: due };
  const rule = item.getFirstPropertyValue('rrule');
  const fields: RowFields = {
    title: text(item, 'summary').trim(),
    description: text(item, 'description'),
    status:
      status === 'COMPLETED' || item.hasProperty('completed')
        ? 'done'
        : status === 'IN-PROCESS'
          ? 'in_progress'
          : undefined,
    priority: priorityOf(item.getFirstPropertyValue('priority')),
    tags: item
      .getAllProperties('categories')
      .flatMap((property) => property.getValues())
      .map((tag) =>
        String(tag)
          .trim()
          .replace(/[\s,]+/g, '-'),
      )
      .filter(Boolean),
    ...due,
    ...(rule ? { repeat: { rrule: rule.toString() } } : {}),
  };
  if (!fields.title) return { row, skip: 'no SUMMARY (title)' };
  const key = uid
    ? importKey('icalendar', uid)
    : keyOf([item.name, fields.title, dueProperty?.toICALString() ?? '', String(rule ?? '')]);
  return draftRow(row, key, fields);
}

/** A DUE or DTSTART as the task's due fields, or why it cannot be one. */
function dueOf(
  property: InstanceType<typeof ICAL.Property>,
  zones: Map<string, Timezone>,
  userZone: string,
): Pick<RowFields, 'dueAt' | 'dueDate' | 'timeZone'> | string {
  const value = property.getFirstValue() as Time | null;
  if (!value || !(value instanceof ICAL.Time)) return `${property.name.toUpperCase()} is not a date or date-time`;
  const tzid = property.getParameter('tzid');
  const zoneName = typeof tzid === 'string' ? tzid : undefined;
  // The task keeps an IANA zone; a file's own zone names (Outlook's "W. Europe Standard Time") give the user's.
  const timeZone = zoneName && isTimeZone(zoneName) ? zoneName : userZone;
  const day = `${pad(value.year, 4)}-${pad(value.month)}-${pad(value.day)}`;
  if (value.isDate) return { dueDate: day, timeZone };
  const local = {
    year: value.year,
    month: value.month,
    day: value.day,
    hour: value.hour,
    minute: value.minute,
    second: value.second,
  };
  const own = zoneName ? zones.get(zoneName) : undefined;
  if (own) return { dueAt: ICAL.Time.fromData(local, own).toJSDate().toISOString(), timeZone };
  if (zoneName && !isTimeZone(zoneName))
    return `TZID "${zoneName}" has no VTIMEZONE in the file and is not a known zone`;
  if (value.zone === ICAL.Timezone.utcTimezone)
    return { dueAt: `${DateTime.fromObject(local, { zone: 'UTC' }).toISO()}` };
  const at = DateTime.fromObject(local, { zone: zoneName ?? userZone });
  return { dueAt: `${at.toUTC().toISO()}`, timeZone: zoneName ?? userZone };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
