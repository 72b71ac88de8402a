import type { ReminderCancelReason } from '@taskmesh/contracts';
import type { Task, User } from '@taskmesh/db';
import { isStorableInstant } from '@taskmesh/platform';
import { DateTime, Duration } from 'luxon';

/** How a reminder is defined (a Reminder row's timing fields). */
export interface ReminderTiming {
  at: Date | null;
  offset: string | null;
  direction: 'before' | 'after' | null;
  snoozedUntil: Date | null;
}

/** What of its task a reminder's time depends on. */
export interface TaskTiming {
  status: 'todo' | 'in_progress' | 'done';
  deletedAt: Date | null;
  dueAt: Date | null;
  /** The task's zone, else the owner's: relative reminders count nominal days in it. */
  zone: string;
  /** Due on a day (issue 20): relative reminders count from `allDayTime` of that day. */
  allDay: boolean;
  /** The reminder owner's "HH:MM" for all-day tasks (users.all_day_reminder_time). */
  allDayTime: string;
}

/** The timing of a task as one reminder owner sees it: in the task's zone, else theirs, with their all-day time. */
export function taskTiming(
  task: Pick<Task, 'status' | 'deletedAt' | 'dueAt' | 'timeZone' | 'allDay'>,
  owner: Pick<User, 'timeZone' | 'allDayReminderTime'>,
): TaskTiming {
  return {
    status: task.status,
    deletedAt: task.deletedAt,
    dueAt: task.dueAt,
    zone: task.timeZone ?? owner.timeZone,
    allDay: task.allDay,
    allDayTime: owner.allDayReminderTime,
  };
}

export type Schedule = { fireAt: Date } | { cancelled: ReminderCancelReason };

/**
 * A reminder computed more than this long in the past is not sent: moving an
 * old task's due date must not fire a burst of stale reminders. Within it, a
 * reminder set "at the due time" of a task due right now still fires.
 */
export const pastGraceMs = 60_000;

/** Parses an ISO 8601 duration (PT15M, P1D, P1W, P1DT2H); undefined when invalid. */
export function parseOffset(value: string): Duration | undefined {
  const duration = Duration.fromISO(value);
  return duration.isValid ? duration : undefined;
}

/**
 * The instant a relative reminder points at: its duration before or after the
 * due date, in calendar terms in the zone. P1D before 09:00 is 09:00 the day
 * before even across a DST change (23 or 25 hours), while PT24H is exactly
 * 24 hours.
 */
export function relativeInstant(
  dueAt: Date,
  zone: string,
  offset: string,
  direction: 'before' | 'after',
  allDayTime?: string,
): Date {
  const duration = parseOffset(offset);
  if (!duration) throw new Error(`invalid reminder offset ${offset}`);
  const due = allDayTime ? dayAt(dueAt, zone, allDayTime) : DateTime.fromJSDate(dueAt, { zone });
  return (direction === 'before' ? due.minus(duration) : due.plus(duration)).toJSDate();
}

/**
 * What a reminder relative to an all-day task counts from: the owner's time
 * of day ("HH:MM") on the task's day, in its zone (docs/decisions/012). A time
 * the clocks skip that day reads as the same time after the jump (luxon).
 */
function dayAt(dueAt: Date, zone: string, time: string): DateTime {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.fromJSDate(dueAt, { zone }).set({ hour, minute, second: 0, millisecond: 0 });
}

/** When a reminder's time is, regardless of now; or why it has none. */
export function firingTime(reminder: ReminderTiming, task: TaskTiming): Date | { cancelled: ReminderCancelReason } {
  if (task.deletedAt) return { cancelled: 'task-deleted' };
  if (task.status === 'done') return { cancelled: 'task-completed' };
  if (reminder.snoozedUntil) return reminder.snoozedUntil;
  if (reminder.at) return reminder.at;
  if (!reminder.offset || !reminder.direction) return { cancelled: 'reminder-removed' };
  if (!task.dueAt) return { cancelled: 'no-due-date' };
  const allDayTime = task.allDay ? task.allDayTime : undefined;
  return relativeInstant(task.dueAt, task.zone, reminder.offset, reminder.direction, allDayTime);
}

/**
 * When a reminder should fire, or why it should not fire at all. `current` is
 * the firing already scheduled: a time that has passed is kept when it is that
 * firing (it fired or is firing), and refused when it is new.
 */
export function scheduleFor(reminder: ReminderTiming, task: TaskTiming, now: Date, current?: Date | null): Schedule {
  const time = firingTime(reminder, task);
  if (!(time instanceof Date)) return time;
  if (!isStorableInstant(time)) return { cancelled: 'out-of-range' };
  if (time.getTime() < now.getTime() - pastGraceMs && time.getTime() !== current?.getTime())
    return { cancelled: 'in-the-past' };
  return { fireAt: time };
}

/**
 * Where an occurrence's reminder points when a recurring task moves on: the
 * same wall-clock distance from the new due date as from the old one (an
 * absolute reminder at 08:30 on a task due 09:00 becomes 08:30 on the next
 * occurrence's day). Relative reminders need no shifting: they follow the due date.
 */
export function shiftAbsolute(at: Date, fromDue: Date, toDue: Date, zone: string): Date {
  const from = DateTime.fromJSDate(fromDue, { zone });
  const to = DateTime.fromJSDate(toDue, { zone });
  const gap = DateTime.fromJSDate(at, { zone }).diff(from, ['days', 'hours', 'minutes', 'seconds', 'milliseconds']);
  return to.plus(gap).toJSDate();
}
