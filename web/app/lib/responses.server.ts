import { data, redirect } from '@remix-run/node';
import type { ApiResult } from './api.server';
import { type ApiProblem, fieldErrors, isApiProblem } from './api-problem';

/** A problem from another app as what the browser should get: sign in again, 404, or a 503 page. */
export function problemResponse(problem: ApiProblem): Response {
  if (problem.status === 401) return redirect('/login');
  const status = problem.status >= 500 ? 503 : problem.status;
  const message =
    status === 503 ? 'Taskmesh cannot reach one of its services right now. Try again in a moment.' : problem.message;
  return new Response(message, { status, statusText: problem.problem.title });
}

/** For loaders: the data, or the problem thrown as a response the error boundary shows. */
export async function loaded<T>(call: Promise<ApiResult<T>>): Promise<T> {
  try {
    return (await call).data;
  } catch (error) {
    if (isApiProblem(error)) throw problemResponse(error);
    throw error;
  }
}

/**
 * For actions: a 4xx problem becomes field errors for the form (status kept,
 * so nothing counts it as success); anything else is thrown like in loaders.
 */
export function formProblem(error: unknown) {
  if (isApiProblem(error) && error.status >= 400 && error.status < 500 && error.status !== 401) {
    return data({ errors: fieldErrors(error.problem), problem: error.problem }, { status: error.status });
  }
  if (isApiProblem(error)) throw problemResponse(error);
  throw error;
}
