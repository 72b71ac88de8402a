import { Form } from '@remix-run/react';
import { type ReactNode, useState } from 'react';

/**
 * A secret shown once (a calendar feed's address, an access token: tasks-api
 * keeps only a hash; a webhook's signing secret: webhook-agent keeps it
 * sealed and never answers it again), so this answer is the only place it appears.
 */
export function ShownOnce({
  name,
  what,
  label,
  value,
  children,
}: {
  name: string;
  /** "this address", "it". */
  what: string;
  label: string;
  value: string;
  children?: ReactNode;
}) {
  return (
    <section className="card space-y-2" aria-label={`${name} is ready`}>
      <h2 className="text-lg font-semibold">“{name}” is ready</h2>
      <p className="text-sm">Copy {what} now: it is not shown again.</p>
      <input readOnly className="input font-mono" value={value} aria-label={label} />
      {children}
    </section>
  );
}

/** Copies a secret to the clipboard (needs JavaScript; without it the field above can be selected and copied). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState<boolean | undefined>(undefined);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="flex items-center gap-2">
      <button type="button" className="btn" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="text-sm text-slate-600">
        {copied === undefined ? '' : copied ? 'Copied' : 'Could not copy: select the text and copy it'}
      </span>
    </div>
  );
}

/** The create form's refusals, in one line under it. */
export const FormErrors = ({ errors }: { errors: Record<string, string> | undefined }) =>
  errors ? (
    <p className="field-error w-full" role="alert">
      {Object.values(errors).join(' ')}
    </p>
  ) : null;

/** Secrets the user has, each with a Revoke button posting `intent` with its id. */
export function RevocableList({
  label,
  empty,
  intent,
  items,
}: {
  label: string;
  empty: string;
  intent: string;
  items: ReadonlyArray<{ id: string; description: ReactNode }>;
}) {
  if (items.length === 0) return <p className="card text-slate-600">{empty}</p>;
  return (
    <ul className="card divide-y divide-slate-100" aria-label={label}>
      {items.map((item) => (
        <li key={item.id} className="flex items-center justify-between gap-2 p-2">
          <span>{item.description}</span>
          <Form method="post">
            <input type="hidden" name="id" value={item.id} />
            <button type="submit" name="intent" value={intent} className="btn btn-danger">
              Revoke
            </button>
          </Form>
        </li>
      ))}
    </ul>
  );
}
