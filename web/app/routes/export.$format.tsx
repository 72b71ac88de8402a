import type { LoaderFunctionArgs } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from '../lib/api.server';
import { loaded } from '../lib/responses.server';
import { requireUser } from '../lib/session.server';

const formats = {
  json: { path: invocationPath`/me/export.json`, type: 'application/json', file: 'taskmesh-export.json' },
  csv: { path: invocationPath`/me/export.csv`, type: 'text/csv; charset=utf-8', file: 'taskmesh-tasks.csv' },
} as const;

/** Downloads everything the signed-in user owns (issue 20): /export/json or /export/csv. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const format = params.format === 'json' || params.format === 'csv' ? formats[params.format] : undefined;
  if (!format) throw new Response('Not found', { status: 404, statusText: 'Not Found' });
  const { token } = await requireUser(request, context);
  const data = await loaded(callApp<unknown>(context, 'tasks-api', 'GET', format.path, { token }));
  return new Response(typeof data === 'string' ? data : JSON.stringify(data), {
    headers: {
      'content-type': format.type,
      'content-disposition': `attachment; filename="${format.file}"`,
      'cache-control': 'no-store',
    },
  });
}
