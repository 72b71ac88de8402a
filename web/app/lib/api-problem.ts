/** An RFC 9457 problem as tasks-api and the agents send it. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: Array<{ field: string; message: string }>;
  /** 412 on a stale write: the task as it is now. */
  current?: unknown;
  [extra: string]: unknown;
}

/** A call to another app that answered with a problem (or could not be made). */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
}

export function isApiProblem(error: unknown): error is ApiProblem {
  return error instanceof ApiProblem;
}

export type FieldErrors = Record<string, string>;

/**
 * The problem's field errors keyed by form field. API fields such as
 * `reminders.0.beforeDue` stay as they are; the form names its inputs the same.
 * Errors without a field land under `form`.
 */
export function fieldErrors(problem: Problem): FieldErrors {
  const result: FieldErrors = {};
  for (const { field, message } of problem.errors ?? []) {
    const key = field === 'body' ? 'form' : field;
    result[key] = result[key] ? `${result[key]}; ${message}` : message;
  }
  if (Object.keys(result).length === 0) result.form = problem.detail ?? problem.title;
  return result;
}
