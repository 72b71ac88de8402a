import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';

/**
 * A secret tasks-api shows once (a calendar feed's address, an access
 * token): it keeps only a hash, so this answer is the only place it appears.
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
