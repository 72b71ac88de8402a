import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';

/** What a due delivery knows about its reminder (reminder-agent's schedule row). */
export interface DueReminder {
  reminderId: string;
  taskId: string;
  userId: string;
  fireAt: Date;
  taskTitle: string;
  taskDueAt: Date | null;
  taskTimeZone: string | null;
  /** Due on a day, not at a time (issue 20): the message names the date only. */
  taskAllDay?: boolean;
  recipientEmail: string;
  recipientZone: string;
}

export interface ReminderMessage {
  /** Stable for one firing: a retried send repeats it, so receivers can tell it is the same message. */
  key: string;
  subject: string;
  /** The line under the title (in-app body, push body, the email's second line). */
  body: string;
  text: string;
  html: string;
  url: string;
  /** RFC 5322 Message-ID: the same on a retry, so mail systems fold a repeat into one message. */
  messageId: string;
  /** Web Push `Topic` (at most 32 base64url characters): a repeat replaces a queued one at the push service. */
  pushTopic: string;
  /** Email headers that tell receivers (and tests) what the message is about. */
  headers: Record<string, string>;
}

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/**
 * The due date as people read it, in the task's zone: "Mon 30 Mar 2026, 09:00
 * (Europe/Berlin)", or for an all-day task its day alone, "Thu 10 Dec 2026"
 * (its 00:00 is storage, not a time anyone set).
 */
export function formatDue(dueAt: Date, zone: string, allDay = false): string {
  const local = DateTime.fromJSDate(dueAt, { zone }).setLocale('en-GB');
  return allDay ? local.toFormat('ccc d LLL yyyy') : `${local.toFormat('ccc d LLL yyyy, HH:mm')} (${zone})`;
}

/** The reminder as people receive it, the same on every channel. */
export function reminderMessage(reminder: DueReminder, webBaseUrl: string): ReminderMessage {
  const key = `${reminder.reminderId}.${reminder.fireAt.getTime()}`;
  const url = `${webBaseUrl.replace(/\/$/, '')}/tasks/${reminder.taskId}`;
  const due = reminder.taskDueAt
    ? `Due ${formatDue(reminder.taskDueAt, reminder.taskTimeZone ?? reminder.recipientZone, reminder.taskAllDay)}.`
    : 'No due date.';
  const subject = `Reminder: ${reminder.taskTitle}`;
  return {
    key,
    subject,
    body: due,
    text: `${reminder.taskTitle}\n${due}\n\nOpen the task: ${url}\n`,
    html: `<p><strong>${escapeHtml(reminder.taskTitle)}</strong></p><p>${escapeHtml(due)}</p><p><a href="${escapeHtml(url)}">Open the task</a></p>`,
    url,
    messageId: `<${key}@reminders.taskmesh>`,
    pushTopic: createHash('sha256').update(key).digest('base64url').slice(0, 32),
    headers: { 'X-Taskmesh-Reminder': key },
  };
}
