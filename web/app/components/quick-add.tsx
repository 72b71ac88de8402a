import { buildSeries, describe } from '@taskmesh/recurrence';
import { type QuickAdd, type QuickAddPart, parseQuickAdd } from '@taskmesh/quick-add';
import { DateTime } from 'luxon';
import { Form, useNavigation } from '@remix-run/react';
import { Fragment, type ReactNode, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';

/** A part the user undid: kept as text while it is still where it was. */
interface Undone {
  start: number;
  text: string;
}

const kindLabels: Record<QuickAddPart['kind'], string> = {
  date: 'Due',
  time: 'Due',
  repeat: 'Repeats',
  until: 'Until',
  tag: 'Tag',
  priority: 'Priority',
  project: 'Project',
};

/** What a part means, as the field shows it next to the part. */
function meaning(part: QuickAddPart, parsed: QuickAdd, zone: string): string {
  if (part.kind === 'date' || part.kind === 'time') {
    if (parsed.dueAt) return DateTime.fromISO(parsed.dueAt, { zone }).toFormat('ccc d LLL yyyy, HH:mm');
    if (parsed.dueDate) return `${DateTime.fromISO(parsed.dueDate, { zone }).toFormat('ccc d LLL yyyy')}, all day`;
  }
  if (part.kind === 'repeat' && parsed.repeat) {
    try {
      return describe(buildSeries(parsed.repeat));
    } catch {
      return part.text;
    }
  }
  if (part.kind === 'tag') return part.text.slice(1);
  if (part.kind === 'priority') return parsed.priority ?? part.text;
  if (part.kind === 'project') return part.text.slice(1);
  return part.text;
}

/**
 * A quick-add form: the line, anything the page adds (a section), and Add.
 * The page's key makes a double submit one task.
 */
export function QuickAddForm({
  intent,
  label,
  fieldId,
  addKey,
  zone,
  placeholder,
  error,
  children,
}: {
  intent: string;
  label: string;
  fieldId: string;
  addKey: string;
  zone: string;
  placeholder: string;
  error?: string | undefined;
  children?: ReactNode;
}) {
  const { form, adding } = useClearedAfterAdd(intent, error);
  return (
    <Form method="post" className="flex flex-wrap gap-2" ref={form} aria-label={label}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="idempotencyKey" value={addKey} />
      <QuickAddField
        id={fieldId}
        zone={zone}
        placeholder={placeholder}
        className="input min-w-0 flex-1"
        {...(error ? { error } : {})}
      />
      {children}
      <button type="submit" className="btn btn-primary" disabled={adding}>
        Add
      </button>
    </Form>
  );
}

/**
 * The quick-add line (issue 20; decision 012): as the user types, the same
 * parser the server runs reads dates, repeats, #tags, !priority and @project
 * in the user's zone, highlights each understood part under the field and
 * offers to undo it (the part then stays in the title). The undone parts'
 * offsets go with the form as `literal`; the server parses again, so without
 * JavaScript the line is still understood, just not previewed.
 */
export function QuickAddField({
  id,
  zone,
  placeholder,
  error,
  className = 'input',
}: {
  id: string;
  zone: string;
  placeholder: string;
  error?: string;
  className?: string;
}) {
  const [line, setLine] = useState('');
  const [undone, setUndone] = useState<Undone[]>([]);
  const input = useRef<HTMLInputElement>(null);
  // The form clears the line after an add (form.reset()); the state follows it.
  useEffect(() => {
    const form = input.current?.form;
    const clear = () => {
      setLine('');
      setUndone([]);
    };
    form?.addEventListener('reset', clear);
    return () => form?.removeEventListener('reset', clear);
  }, []);

  // An undo holds while its text is still at its offset; editing before it lets it go.
  const literal = undone.filter((u) => line.slice(u.start, u.start + u.text.length) === u.text).map((u) => u.start);
  const literalKey = literal.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: literalKey stands for literal's contents
  const parsed = useMemo(
    () => (line.trim() ? parseQuickAdd(line, { now: new Date(), timeZone: zone, literal }) : undefined),
    [line, literalKey, zone],
  );
  const parts = parsed?.parts ?? [];
  const previewId = `${id}-preview`;
  const errorId = `${id}-error`;
  const described = [parts.length > 0 ? previewId : '', error ? errorId : ''].filter(Boolean).join(' ');

  return (
    <>
      <label htmlFor={id} className="sr-only">
        New task
      </label>
      <input
        ref={input}
        id={id}
        name="title"
        required
        maxLength={500}
        autoComplete="off"
        placeholder={placeholder}
        className={className}
        value={line}
        onChange={(event) => setLine(event.target.value)}
        aria-invalid={Boolean(error)}
        aria-describedby={described || undefined}
      />
      <input type="hidden" name="literal" value={literalKey} />
      {parsed && parts.length > 0 ? (
        <div
          id={previewId}
          className="order-last w-full text-sm text-slate-600"
          aria-live="polite"
          data-quick-add-preview
        >
          <p className="truncate">
            {highlighted(line, parts)}
            {parsed.title ? null : <span className="ml-2 text-red-700">(add a title)</span>}
          </p>
          <ul className="mt-1 flex flex-wrap gap-2" aria-label="Understood">
            {parts.map((part) => (
              <li
                key={part.start}
                className="flex items-center gap-1 rounded bg-sky-50 px-2 py-0.5 text-sky-900"
                data-part={part.kind}
              >
                <span>
                  {kindLabels[part.kind]}: {meaning(part, parsed, zone)}
                </span>
                <button
                  type="button"
                  className="text-xs text-slate-500 underline"
                  aria-label={`Undo “${part.text}”`}
                  onClick={() => {
                    setUndone((list) => [...list, { start: part.start, text: part.text }]);
                    input.current?.focus();
                  }}
                >
                  undo
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error order-last w-full" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

/**
 * The form of a quick add and whether its add is under way: the form is
 * cleared once an add went through without an error (reset, not remounted: a
 * live update must not wipe what is being typed).
 */
function useClearedAfterAdd(intent: string, error: string | undefined) {
  const navigation = useNavigation();
  const adding = navigation.state !== 'idle' && navigation.formData?.get('intent') === intent;
  const form = useRef<HTMLFormElement>(null);
  const wasAdding = useRef(false);
  useLayoutEffect(() => {
    if (wasAdding.current && !adding && !error) form.current?.reset();
    wasAdding.current = adding;
  }, [adding, error]);
  return { form, adding };
}

/** The line with each understood part marked. */
function highlighted(line: string, parts: QuickAddPart[]) {
  const pieces = [];
  let at = 0;
  for (const part of [...parts].sort((a, b) => a.start - b.start)) {
    pieces.push(<Fragment key={`t${at}`}>{line.slice(at, part.start)}</Fragment>);
    pieces.push(
      <mark key={`p${part.start}`} className="rounded bg-sky-100 px-0.5 text-sky-900">
        {line.slice(part.start, part.end)}
      </mark>,
    );
    at = part.end;
  }
  pieces.push(<Fragment key={`t${at}`}>{line.slice(at)}</Fragment>);
  return pieces;
}
