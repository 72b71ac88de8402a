import type { AppLoadContext } from '@remix-run/node';
import type { InvocationPath } from '@taskmesh/platform';
import { ApiProblem, type Problem } from './api-problem';

/** The apps web talks to, all by Dapr service invocation through its own sidecar. */
export type TargetApp = 'tasks-api' | 'audit-agent' | 'reminder-agent' | 'webhook-agent';

export interface CallOptions {
  token?: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiResult<T> {
  data: T;
  status: number;
  etag: string | null;
}

/** Empty values are left out, as an empty form field means "not set". */
function toQuery(query: CallOptions['query']): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(query ?? {}).filter(([, value]) => value !== ''));
}

function asProblem(status: number, body: unknown): Problem {
  if (body && typeof body === 'object' && 'title' in body) return { ...(body as Problem), status };
  return { status, title: `HTTP ${status}`, detail: typeof body === 'string' ? body.slice(0, 300) : undefined };
}

/**
 * One call to another app through web's sidecar (Dapr service invocation, via the one Dapr client).
 * The path is built with `invocationPath`, so every id in it is one checked segment.
 * Answers that are not 2xx become an ApiProblem carrying the problem body;
 * a sidecar that cannot be reached becomes a 503 problem, never a crash.
 */
export async function callApp<T>(
  context: AppLoadContext,
  app: TargetApp,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: InvocationPath,
  options: CallOptions = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (context.clientIp) headers['x-forwarded-for'] = context.clientIp;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await context.dapr.invoke(app, path, {
      method,
      query: toQuery(options.query),
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch (error) {
    context.logger.warn({ err: error, app, path }, 'service invocation failed');
    throw new ApiProblem({
      status: 503,
      title: 'Taskmesh is unavailable',
      detail: `${app} cannot be reached right now`,
    });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a sidecar error page): kept as text for the problem detail.
  }
  if (!response.ok) throw new ApiProblem(asProblem(response.status, body));
  return { data: body as T, status: response.status, etag: response.headers.get('etag') };
}
