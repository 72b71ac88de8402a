import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';

/**
 * A page's own error boundary (issue 19): "not found" for a project one is
 * not (or no longer) a member of shows inside the layout, so the sidebar and
 * the live connection stay, and a project shared again shows up as usual.
 */
export function PageError() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error)
    ? typeof error.data === 'string'
      ? error.data
      : error.statusText
    : 'Something went wrong on our side. Try again in a moment.';
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
