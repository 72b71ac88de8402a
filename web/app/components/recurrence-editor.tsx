import { Form, useFetcher } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { formatInZone } from '../lib/dates';
import { type PresetKind, presetKinds, weekdays } from '../lib/task-form';
import type { RulePreview } from '../routes/recurrence-preview';

export interface Recurrence {
  rrule: string;
  timeZone: string;
  anchor: string;
  mode: 'fixed' | 'afterCompletion';
  endedAt: string | null;
  description: string;
  occurrences: string[];
}

const kindLabels: Record<PresetKind, string> = {
  daily: 'Every day',
  weekdays: 'Every weekday (Mon–Fri)',
  weekly: 'Every week on…',
  everyNWeeks: 'Every few weeks on…',
  monthlyOnDay: 'Every month on day…',
  monthlyOnLastDay: 'Every month on the last day',
  monthlyOnWeekday: 'Every month on the nth weekday',
  yearly: 'Every year',
  custom: 'Custom rule (RRULE)',
};
const dayLabels: Record<string, string> = {
  MO: 'Mon',
  TU: 'Tue',
  WE: 'Wed',
  TH: 'Thu',
  FR: 'Fri',
  SA: 'Sat',
  SU: 'Sun',
};

/** Which form controls a stored rule fills in: the preset it came from where it is one, else custom. */
function initialKind(rrule: string | undefined): PresetKind {
  if (!rrule) return 'daily';
  if (rrule === 'FREQ=DAILY') return 'daily';
  if (rrule === 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR') return 'weekdays';
  if (rrule === 'FREQ=YEARLY') return 'yearly';
  return 'custom';
}

function PreviewList({ preview, zone }: { preview: RulePreview | undefined; zone: string }) {
  if (!preview) return null;
  if (preview.errors)
    return (
      <ul className="field-error" role="alert" aria-label="Rule problems">
        {Object.entries(preview.errors).map(([field, message]) => (
          <li key={field}>
            {field === 'form' ? '' : `${field}: `}
            {message}
          </li>
        ))}
      </ul>
    );
  return (
    <div aria-live="polite" className="rounded-md bg-slate-50 p-3 text-sm" data-testid="rule-preview">
      <p className="font-medium">{preview.description}</p>
      <ol className="mt-1 list-inside list-decimal text-slate-700">
        {(preview.occurrences ?? []).map((iso) => (
          <li key={iso}>
            <time dateTime={iso}>{formatInZone(iso, zone)}</time>
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * Presets or a custom RRULE, anchored at a local date-time in a zone, with the
 * rule in words and its next five dates as the user edits (a fetcher to
 * web's preview route; without JavaScript, the Preview button does the same).
 */
export function RecurrenceEditor({
  recurrence,
  defaultAnchor,
  zone,
  errors,
  preview: submittedPreview,
}: {
  recurrence: Recurrence | null;
  defaultAnchor: string;
  zone: string;
  errors: Record<string, string>;
  preview?: RulePreview;
}) {
  const [kind, setKind] = useState<PresetKind>(initialKind(recurrence?.rrule));
  const fetcher = useFetcher<RulePreview>();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const ruleZone = recurrence?.timeZone ?? zone;
  const refresh = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (form.current) fetcher.submit(form.current, { method: 'post', action: '/recurrence-preview' });
    }, 250);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: preview once on mount, then on each change
  useEffect(refresh, []);
  const shown = fetcher.data ?? submittedPreview;
  const ruleErrors = Object.entries(errors).filter(([field]) => field !== 'form');

  return (
    <Form method="post" ref={form} onChange={refresh} className="space-y-3" aria-label="Repeat rule">
      <input type="hidden" name="ruleTimeZone" value={ruleZone} />
      {recurrence ? (
        <p className="text-sm">
          Repeats: <strong>{recurrence.description}</strong>
          {recurrence.endedAt ? ' (ended)' : ''}
        </p>
      ) : (
        <p className="text-sm text-slate-600">This task does not repeat.</p>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="kind" className="label">
            Repeat
          </label>
          <select
            id="kind"
            name="kind"
            className="input"
            value={kind}
            onChange={(event) => setKind(event.target.value as PresetKind)}
          >
            {presetKinds.map((k) => (
              <option key={k} value={k}>
                {kindLabels[k]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="anchor" className="label">
            First occurrence ({ruleZone})
          </label>
          <input
            id="anchor"
            name="anchor"
            type="datetime-local"
            defaultValue={recurrence?.anchor ?? defaultAnchor}
            className="input"
            required
            aria-invalid={Boolean(errors.anchor)}
          />
          {errors.anchor ? <p className="field-error">{errors.anchor}</p> : null}
        </div>
      </div>
      {kind === 'weekly' || kind === 'everyNWeeks' ? (
        <fieldset>
          <legend className="label">On</legend>
          <div className="flex flex-wrap gap-3 text-sm">
            {weekdays.map((day) => (
              <label key={day} className="flex items-center gap-1">
                <input type="checkbox" name="days" value={day} defaultChecked={day === 'MO'} /> {dayLabels[day]}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {kind === 'everyNWeeks' ? (
        <div className="max-w-[10rem]">
          <label htmlFor="weeks" className="label">
            Every … weeks
          </label>
          <input id="weeks" name="weeks" type="number" min={2} max={52} defaultValue={2} className="input" />
        </div>
      ) : null}
      {kind === 'monthlyOnDay' ? (
        <div className="max-w-[10rem]">
          <label htmlFor="monthDay" className="label">
            Day of the month
          </label>
          <input id="monthDay" name="monthDay" type="number" min={1} max={31} defaultValue={1} className="input" />
          <p className="mt-1 text-xs text-slate-500">29–31 fall on the last day of shorter months.</p>
        </div>
      ) : null}
      {kind === 'monthlyOnWeekday' ? (
        <div className="flex gap-2">
          <div>
            <label htmlFor="nth" className="label">
              Which
            </label>
            <select id="nth" name="nth" className="input" defaultValue="1">
              <option value="1">First</option>
              <option value="2">Second</option>
              <option value="3">Third</option>
              <option value="4">Fourth</option>
              <option value="-1">Last</option>
            </select>
          </div>
          <div>
            <label htmlFor="weekday" className="label">
              Day
            </label>
            <select id="weekday" name="weekday" className="input" defaultValue="MO">
              {weekdays.map((day) => (
                <option key={day} value={day}>
                  {dayLabels[day]}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      {kind === 'custom' ? (
        <div>
          <label htmlFor="rrule" className="label">
            RRULE (RFC 5545)
          </label>
          <input
            id="rrule"
            name="rrule"
            defaultValue={recurrence?.rrule ?? 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO'}
            className="input font-mono"
            aria-invalid={Boolean(errors.rrule)}
          />
          {errors.rrule ? <p className="field-error">{errors.rrule}</p> : null}
        </div>
      ) : null}
      <fieldset>
        <legend className="label">Next one after completing</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-1">
            <input type="radio" name="mode" value="fixed" defaultChecked={recurrence?.mode !== 'afterCompletion'} />{' '}
            Follows the schedule
          </label>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="mode"
              value="afterCompletion"
              defaultChecked={recurrence?.mode === 'afterCompletion'}
            />{' '}
            Counts from completion
          </label>
        </div>
      </fieldset>
      <PreviewList preview={shown} zone={ruleZone} />
      {ruleErrors.length > 0 && !shown?.errors ? (
        <ul className="field-error" role="alert">
          {ruleErrors.map(([field, message]) => (
            <li key={field}>
              {field}: {message}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button type="submit" name="intent" value="set-recurrence" className="btn btn-primary">
          {recurrence ? 'Change repeat' : 'Make it repeat'}
        </button>
        <button type="submit" name="intent" value="preview-recurrence" className="btn">
          Preview
        </button>
        {recurrence && !recurrence.endedAt ? (
          <button type="submit" name="intent" value="end-recurrence" className="btn btn-danger" formNoValidate>
            Stop repeating
          </button>
        ) : null}
      </div>
    </Form>
  );
}
