import { Form } from '@remix-run/react';
import { useState } from 'react';
import { formatInZone } from '../lib/dates';
import { describeDuration } from '../lib/durations';
import { channelLabels, channels } from '../lib/task-form';
import type { Channel, Reminder } from '../lib/types';

function describeReminder(reminder: Reminder, zone: string): string {
  if (reminder.at) return `At ${formatInZone(reminder.at, zone)}`;
  if (reminder.beforeDue) return `${describeDuration(reminder.beforeDue)} before due`;
  if (reminder.afterDue) return `${describeDuration(reminder.afterDue)} after due`;
  return 'Reminder';
}

/** Channels that failed for the reminder's current firing, with the reason (an unverified email address, say). */
const failedNow = (reminder: Reminder) =>
  (reminder.deliveries ?? []).filter((d) => d.fireAt === reminder.fireAt && d.outcome === 'failed');

/** The task's reminders (when each fires, by which channels, what happened) and a form to add one. */
export function RemindersEditor({
  reminders,
  zone,
  defaultChannels,
  hasDue,
  errors,
}: {
  reminders: Reminder[];
  zone: string;
  defaultChannels: Channel[];
  hasDue: boolean;
  errors: Record<string, string>;
}) {
  const [when, setWhen] = useState(hasDue ? 'beforeDue' : 'at');
  return (
    <div className="space-y-3">
      {reminders.length === 0 ? (
        <p className="text-sm text-slate-600">No reminders.</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Reminders">
          {reminders.map((reminder) => (
            <li key={reminder.id} className="flex items-center justify-between gap-2 py-2 text-sm">
              <div>
                <p className="font-medium">{describeReminder(reminder, zone)}</p>
                <p className="text-slate-600">
                  {reminder.channels.map((c) => channelLabels[c]).join(', ')} ·{' '}
                  {reminder.fireAt ? (
                    <>
                      {reminder.state === 'delivered' ? 'sent for ' : 'fires '}
                      <time dateTime={reminder.fireAt}>{formatInZone(reminder.fireAt, zone)}</time>
                    </>
                  ) : (
                    `inactive${reminder.inactiveReason ? ` (${String(reminder.inactiveReason).replace(/-/g, ' ')})` : ''}`
                  )}
                </p>
                {failedNow(reminder).map((d) => (
                  <p key={d.channel} className="text-red-700">
                    {channelLabels[d.channel]}: {d.error ?? 'not sent'}
                  </p>
                ))}
              </div>
              <Form method="post">
                <input type="hidden" name="reminderId" value={reminder.id} />
                <button
                  type="submit"
                  name="intent"
                  value="delete-reminder"
                  className="btn btn-danger"
                  aria-label={`Remove reminder: ${describeReminder(reminder, zone)}`}
                >
                  Remove
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" className="space-y-3 rounded-md border border-slate-200 p-3" aria-label="Add a reminder">
        <fieldset>
          <legend className="label">Remind me</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            {[
              ['beforeDue', 'before it is due'],
              ['afterDue', 'after it is due'],
              ['at', 'at a time'],
            ].map(([value, label]) => (
              <label key={value} className="flex items-center gap-1">
                <input
                  type="radio"
                  name="when"
                  value={value}
                  checked={when === value}
                  onChange={() => setWhen(value as string)}
                  disabled={value !== 'at' && !hasDue}
                />
                {label}
              </label>
            ))}
          </div>
          {!hasDue ? (
            <p className="mt-1 text-xs text-slate-500">Give the task a due date for relative reminders.</p>
          ) : null}
        </fieldset>
        {when === 'at' ? (
          <div>
            <label htmlFor="reminder-at" className="label">
              When ({zone})
            </label>
            <input
              id="reminder-at"
              name="at"
              type="datetime-local"
              // Seconds allowed: a reminder "in a moment" is a real use (and how the browser tests fire one).
              step={1}
              className="input"
              aria-invalid={Boolean(errors.at)}
              aria-describedby={errors.at ? 'reminder-at-error' : undefined}
            />
            {errors.at ? (
              <p id="reminder-at-error" className="field-error" role="alert">
                {errors.at}
              </p>
            ) : null}
          </div>
        ) : (
          <div className="flex gap-2">
            <div className="w-24">
              <label htmlFor="reminder-amount" className="label">
                How long
              </label>
              <input
                id="reminder-amount"
                name="amount"
                type="number"
                min={0}
                defaultValue={15}
                className="input"
                aria-invalid={Boolean(errors.amount ?? errors.beforeDue ?? errors.afterDue)}
              />
            </div>
            <div>
              <label htmlFor="reminder-unit" className="label">
                Unit
              </label>
              <select id="reminder-unit" name="unit" className="input" defaultValue="minutes">
                <option value="minutes">minutes</option>
                <option value="hours">hours</option>
                <option value="days">days</option>
                <option value="weeks">weeks</option>
              </select>
            </div>
          </div>
        )}
        {errors.amount || errors.beforeDue || errors.afterDue ? (
          <p className="field-error" role="alert">
            {errors.amount ?? errors.beforeDue ?? errors.afterDue}
          </p>
        ) : null}
        <fieldset>
          <legend className="label">By</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            {channels.map((channel) => (
              <label key={channel} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  name="channels"
                  value={channel}
                  defaultChecked={defaultChannels.includes(channel)}
                />
                {channelLabels[channel]}
              </label>
            ))}
          </div>
          {errors.channels ? <p className="field-error">{errors.channels}</p> : null}
        </fieldset>
        {errors.form ? <p className="field-error">{errors.form}</p> : null}
        <button type="submit" name="intent" value="add-reminder" className="btn">
          Add reminder
        </button>
      </Form>
    </div>
  );
}
