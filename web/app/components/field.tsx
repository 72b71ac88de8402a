import type { ReactNode } from 'react';

interface FieldProps {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  children: (props: { id: string; name: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

/**
 * A labelled control with its error right under it, tied together for screen
 * readers (aria-invalid, aria-describedby). The API's field errors arrive
 * keyed by the same name as the control.
 */
export function Field({ label, name, error, hint, children }: FieldProps) {
  const id = `field-${name.replace(/[^\w-]/g, '-')}`;
  const described = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {children({ id, name, 'aria-invalid': Boolean(error), ...(described ? { 'aria-describedby': described } : {}) })}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** An error that belongs to the whole form, not one field. */
export function FormError({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {error}
    </div>
  );
}
