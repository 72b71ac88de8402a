import { Form, useLocation } from '@remix-run/react';
import { useEffect, useState } from 'react';
import type { Toast } from '../lib/types';

/**
 * The message after a change ("Task completed") with its Undo. The undo is a
 * form, so it works without JavaScript; with it, the toast hides itself.
 */
export function ToastMessage({ toast }: { toast: Toast | null }) {
  const location = useLocation();
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    setHidden(false);
    if (!toast) return;
    const timer = setTimeout(() => setHidden(true), 10_000);
    return () => clearTimeout(timer);
  }, [toast]);
  if (!toast || hidden) return null;
  return (
    <div
      role="status"
      aria-live="polite"
      className="fixed inset-x-2 bottom-4 z-50 mx-auto flex max-w-md items-center justify-between gap-3 rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
    >
      <span>{toast.message}</span>
      {toast.undo ? (
        <Form method="post" action="/undo" onSubmit={() => setHidden(true)}>
          <input type="hidden" name="intent" value={toast.undo.intent} />
          {toast.undo.taskIds.map((id) => (
            <input key={id} type="hidden" name="taskId" value={id} />
          ))}
          <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
          <button type="submit" className="font-semibold text-indigo-300 underline hover:text-indigo-200">
            Undo
          </button>
        </Form>
      ) : null}
    </div>
  );
}
