import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';

/** The status and words for the error a route threw (a Response, or anything else: 500). */
export function useRouteErrorMessage(): { status: number; message: string } {
  const error = useRouteError();
  if (!isRouteErrorResponse(error))
    return { status: 500, message: 'Something went wrong on our side. Try again in a moment.' };
  return { status: error.status, message: typeof error.data === 'string' ? error.data : error.statusText };
}

/**
 * A page's own error boundary (issue 19): "not found" for a project one is
 * not (or no longer) a member of shows inside the layout, so the sidebar and
 * the live connection stay, and a project shared again shows up as usual.
 */
export function PageError() {
  const { status, message } = useRouteErrorMessage();
  return (
    <div className="py-6">
      <h1 className="text-2xl font-bold">{status === 404 ? 'Not found' : 'Sorry'}</h1>
      <p className="mt-2 text-slate-700">
        {status === 404 ? 'This project does not exist or is not shared with you.' : message}
      </p>
      <p className="mt-4">
        <Link to="/tasks" className="text-indigo-700 underline">
          Back to your tasks
        </Link>
      </p>
    </div>
  );
}
