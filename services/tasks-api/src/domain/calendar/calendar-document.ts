import { contentLines, dateValue, escapeText, localValue, utcValue } from './ics-text';
import { vtimezone } from './vtimezone';

/** One task as a calendar shows it (a VTODO). */
export interface CalendarTodo {
  id: string;
  title: string;
  description: string | null;
  status: 'todo' | 'in_progress' | 'done';
  priority: 'low' | 'medium' | 'high' | 'urgent';
  tags: readonly string[];
  due: Date;
  /** A day without a time (DUE;VALUE=DATE). */
  allDay: boolean;
  /** The zone the due date is in (the task's, else its owner's). */
  timeZone: string;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  /** RRULE value from this occurrence on (UNTIL in UTC, or a DATE for an all-day task); null when it does not repeat. */
  rrule: string | null;
  /** When the feed owner's reminders on it fire. */
  alarms: readonly Date[];
  /** The task's page, for calendars that link it. */
  url?: string;
}

// RFC 5545 3.8.1.9: 1 is the highest priority, 9 the lowest, 0 undefined.
const priorities = { urgent: 1, high: 3, medium: 5, low: 9 } as const;
const statuses = { todo: 'NEEDS-ACTION', in_progress: 'IN-PROCESS', done: 'COMPLETED' } as const;

function todoLines(todo: CalendarTodo, now: Date): string[] {
  const due = todo.allDay
    ? `;VALUE=DATE:${dateValue(todo.due, todo.timeZone)}`
    : `;TZID=${todo.timeZone}:${localValue(todo.due, todo.timeZone)}`;
  return [
    'BEGIN:VTODO',
    `UID:${todo.id}@taskmesh`,
    `DTSTAMP:${utcValue(now)}`,
    `CREATED:${utcValue(todo.createdAt)}`,
    `LAST-MODIFIED:${utcValue(todo.updatedAt)}`,
    // The version grows with every change: calendars replace what they had.
    `SEQUENCE:${todo.version - 1}`,
    `SUMMARY:${escapeText(todo.title)}`,
    ...(todo.description ? [`DESCRIPTION:${escapeText(todo.description)}`] : []),
    // A repeating VTODO needs DTSTART (RFC 5545 3.8.5.3): the occurrence's own due date.
    ...(todo.rrule ? [`DTSTART${due}`] : []),
    `DUE${due}`,
    `STATUS:${statuses[todo.status]}`,
    ...(todo.completedAt ? [`COMPLETED:${utcValue(todo.completedAt)}`, 'PERCENT-COMPLETE:100'] : []),
    `PRIORITY:${priorities[todo.priority]}`,
    ...(todo.tags.length > 0 ? [`CATEGORIES:${todo.tags.map(escapeText).join(',')}`] : []),
    ...(todo.rrule ? [`RRULE:${todo.rrule}`] : []),
    ...(todo.url ? [`URL:${todo.url}`] : []),
    ...todo.alarms.flatMap((at) => [
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeText(todo.title)}`,
      `TRIGGER;VALUE=DATE-TIME:${utcValue(at)}`,
      'END:VALARM',
    ]),
    'END:VTODO',
  ];
}

/**
 * A whole feed as an RFC 5545 iCalendar object: one VTIMEZONE per zone its
 * timed tasks use (covering the years of their due dates and this year), then
 * one VTODO per task. Text only: the caller decides what goes in.
 */
export function calendarDocument(name: string, todos: readonly CalendarTodo[], now = new Date()): string {
  const years = new Map<string, { from: number; to: number }>();
  const thisYear = now.getUTCFullYear();
  for (const todo of todos) {
    if (todo.allDay) continue;
    const year = todo.due.getUTCFullYear();
    const span = years.get(todo.timeZone) ?? { from: thisYear, to: thisYear };
    years.set(todo.timeZone, { from: Math.min(span.from, year), to: Math.max(span.to, year) });
  }
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Taskmesh//Taskmesh calendar feed//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    // Calendars that honour it poll hourly; most choose their own interval.
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...[...years].flatMap(([zone, span]) => vtimezone(zone, span.from - 1, span.to + 1)),
    ...todos.flatMap((todo) => todoLines(todo, now)),
    'END:VCALENDAR',
  ];
  return contentLines(lines);
}
