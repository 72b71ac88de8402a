import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { SidecarUnreachableError } from './dapr-errors';
import { correlationId, type Logger } from './logger';

/** Every failure a Taskmesh service reports on purpose. */
export const ErrorCode = {
  validation: 'validation',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not-found',
  conflict: 'conflict',
  preconditionFailed: 'precondition-failed',
  payloadTooLarge: 'payload-too-large',
  unsupportedMediaType: 'unsupported-media-type',
  unprocessable: 'unprocessable',
  rateLimited: 'rate-limited',
  overloaded: 'overloaded',
  unavailable: 'unavailable',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const statusByCode: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'precondition-failed': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  unprocessable: 422,
  'rate-limited': 429,
  overloaded: 429,
  unavailable: 503,
};

const titleByCode: Record<ErrorCode, string> = {
  validation: 'The request is not valid',
  unauthorized: 'Authentication is required',
  forbidden: 'Not allowed',
  'not-found': 'Not found',
  conflict: 'Conflict',
  'precondition-failed': 'The resource has changed',
  'payload-too-large': 'The request body is too large',
  'unsupported-media-type': 'Unsupported media type',
  unprocessable: 'The request cannot be processed',
  'rate-limited': 'Too many requests',
  overloaded: 'Too busy right now',
  unavailable: 'Temporarily unavailable',
};

export interface FieldError {
  /** JSON pointer-like path of the bad field, e.g. `title` or `tags.2`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldError[];
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { errors?: FieldError[]; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? titleByCode[code]);
    this.name = 'AppError';
    this.code = code;
    this.errors = options.errors ?? [];
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return statusByCode[this.code];
  }

  static fromZod(error: ZodError, where: 'body' | 'query' | 'params' | 'headers' = 'body'): AppError {
    const errors = error.issues.flatMap((issue) =>
      // An unknown field is named itself, not the object around it.
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), message: 'unknown field' }))
        : [{ field: issue.path.length > 0 ? issue.path.join('.') : where, message: issue.message }],
    );
    return AppError.invalid(where, errors);
  }

  /** A 400 naming each bad field of a request part. */
  static invalid(where: 'body' | 'query' | 'params' | 'headers', errors: FieldError[]): AppError {
    const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return new AppError(ErrorCode.validation, `Invalid ${where}: ${summary}`, { errors });
  }
}

/** RFC 9457 problem details body. */
export function problemBody(error: AppError, instance?: string) {
  return {
    type: `https://taskmesh.dev/problems/${error.code}`,
    title: titleByCode[error.code],
    status: error.status,
    detail: error.message,
    ...(instance ? { instance } : {}),
    ...(error.errors.length > 0 ? { errors: error.errors } : {}),
    ...error.extra,
  };
}

/** The one mapping from errors to HTTP responses. Unknown errors are 500s with a correlation id and no stack. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // A streamed answer (an export) failed after it started: no problem body can follow; cut it.
    if (res.headersSent) {
      logger.error({ err, method: req.method, url: req.originalUrl }, 'failed after the response started');
      res.destroy();
      return;
    }
    const appError = toAppError(err, req);
    if (err instanceof SidecarUnreachableError)
      logger.warn({ err, method: req.method, url: req.originalUrl }, 'a sidecar did not answer; answered 503');
    if (appError) {
      for (const [name, value] of Object.entries(appError.headers)) res.setHeader(name, value);
      res.status(appError.status).type('application/problem+json').json(problemBody(appError, req.originalUrl));
      return;
    }
    const id = correlationId() ?? randomUUID();
    logger.error({ err, correlationId: id, method: req.method, url: req.originalUrl }, 'unhandled error');
    res
      .status(500)
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: `Something went wrong on our side. Quote correlation id ${id} when reporting it.`,
        correlationId: id,
      });
  };
}

const codeByStatus = new Map(Object.entries(statusByCode).map(([code, status]) => [status, code as ErrorCode]));

/**
 * Prisma's errors for a busy database, recognised by their documented codes
 * (platform does not depend on Prisma): P2028, a transaction that could not
 * start (or ran out of time) waiting for a connection; P2024, no connection
 * from the pool in time.
 */
function isDatabaseBusy(err: unknown): boolean {
  const code = (err as { code?: unknown; name?: unknown } | null)?.code;
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'PrismaClientKnownRequestError' && (code === 'P2028' || code === 'P2024');
}

/**
 * Maps body-parser and zod failures (which are the client's fault) onto
 * AppError. body-parser marks every error that is the client's with `expose`
 * and a 4xx status, but gives some no `type`: a body that is not in its
 * Content-Encoding (not gzip, truncated, ...) comes as zlib's own error, so
 * any exposed 4xx maps by its status, never to a 500 (issue 15).
 */
function toAppError(err: unknown, req: Request): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return AppError.fromZod(err);
  // A sidecar (ours, or the callee's behind it) not answering in time passes; the caller retries.
  if (err instanceof SidecarUnreachableError)
    return new AppError(ErrorCode.unavailable, 'A service this request needs did not answer in time; try again', {
      headers: { 'retry-after': '1' },
    });
  // Overload (issue 21): a transaction that could not start in time, or no pooled connection
  // free in time, is the database being busy, not a fault: 503, and the caller retries.
  if (isDatabaseBusy(err))
    return new AppError(ErrorCode.unavailable, 'Taskmesh is busy right now; try again in a moment', {
      headers: { 'retry-after': '1' },
    });
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (e?.type === 'entity.too.large') return new AppError(ErrorCode.payloadTooLarge);
  if (e?.type === 'entity.parse.failed') {
    return new AppError(ErrorCode.validation, 'The request body is not valid JSON', {
      errors: [{ field: 'body', message: 'malformed JSON' }],
    });
  }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new AppError(ErrorCode.unsupportedMediaType, e.message);
  }
  if (e?.expose !== true || typeof e.status !== 'number' || e.status < 400 || e.status > 499) return undefined;
  if (e.status !== 400) return new AppError(codeByStatus.get(e.status) ?? ErrorCode.validation, e.message);
  const encoding = req.header('content-encoding');
  // No type: the decompression stream's error (zlib's "incorrect header check").
  const message =
    encoding && !e.type ? `not valid ${encoding} data (see Content-Encoding)` : `unreadable: ${e.message}`;
  return new AppError(ErrorCode.validation, `The request body is ${message}`, { errors: [{ field: 'body', message }] });
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new AppError(ErrorCode.notFound, `No route for ${req.method} ${req.path}`));
};
