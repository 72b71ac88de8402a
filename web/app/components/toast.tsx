import { Form, useLocation } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import type { ShownToast } from '../lib/session.server';

/**
 * The message after a change ("Task completed") with its Undo. The undo is a
 * form, so it works without JavaScript; with it, the toast hides itself.
 */
export function ToastMessage({ toast }: { toast: ShownToast | null }) {
  const location = useLocation();
  // The loader repeats a toast for a few seconds: each id is shown once.
  const seen = useRef(new Set<string>(toast ? [toast.id] : []));
  // Rendered on the server too: without JavaScript the page is all there is.
  const [shown, setShown] = useState<ShownToast | null>(toast);
  useEffect(() => {
    if (!toast || seen.current.has(toast.id)) return;
    seen.current.add(toast.id);
    setShown(toast);
  }, [toast]);
  useEffect(() => {
    if (!shown) return;
    const timer = setTimeout(() => setShown(null), 10_000);
    return () => clearTimeout(timer);
  }, [shown]);
  if (!shown) return null;
  const setHidden = () => setShown(null);
  return (
    <div
      role="status"
      aria-live="polite"
      className="fixed inset-x-2 bottom-4 z-50 mx-auto flex max-w-md items-center justify-between gap-3 rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
    >
      <span>{shown.message}</span>
      {shown.undo ? (
        <Form method="post" action="/undo" onSubmit={setHidden}>
          <input type="hidden" name="intent" value={shown.undo.intent} />
          {'projectId' in shown.undo ? (
            <input type="hidden" name="projectId" value={shown.undo.projectId} />
          ) : (
            shown.undo.taskIds.map((id) => <input key={id} type="hidden" name="taskId" value={id} />)
          )}
          <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
          <button type="submit" className="font-semibold text-indigo-300 underline hover:text-indigo-200">
            Undo
          </button>
        </Form>
      ) : null}
    </div>
  );
}
