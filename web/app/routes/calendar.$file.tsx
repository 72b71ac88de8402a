import type { LoaderFunctionArgs } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from '../lib/api.server';
import { isApiProblem } from '../lib/api-problem';
import { problemResponse } from '../lib/responses.server';

/**
 * An iCalendar feed for calendar apps (issue 20): /calendar/<token>.ics,
 * no session; the secret token is the credential, checked for shape here
 * (anything else is 404 without a call) and for existence by tasks-api.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const token = /^([A-Za-z0-9_-]{43})\.ics$/.exec(params.file ?? '')?.[1];
  if (!token) throw new Response('Not found', { status: 404, statusText: 'Not Found' });
  try {
    const { data } = await callApp<string>(context, 'tasks-api', 'GET', invocationPath`/calendars/${token}`, {
      headers: { accept: 'text/calendar' },
    });
    return new Response(data, {
      headers: {
        'content-type': 'text/calendar; charset=utf-8',
        // The URL is a secret: no shared cache keeps it; calendars revalidate each poll.
        'cache-control': 'private, no-cache',
        'content-disposition': 'inline; filename="taskmesh.ics"',
      },
    });
  } catch (error) {
    if (isApiProblem(error) && error.status === 404) throw new Response('Not found', { status: 404 });
    if (isApiProblem(error)) throw problemResponse(error);
    throw error;
  }
}
