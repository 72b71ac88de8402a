import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
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
    const appError = toAppError(err);
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

/** Maps body-parser and zod failures (which are the client's fault) onto AppError. */
function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return AppError.fromZod(err);
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.too.large') return new AppError(ErrorCode.payloadTooLarge);
  if (e?.type === 'entity.parse.failed') {
    return new AppError(ErrorCode.validation, 'The request body is not valid JSON', {
      errors: [{ field: 'body', message: 'malformed JSON' }],
    });
  }
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return new AppError(ErrorCode.unsupportedMediaType, e.message);
  }
  return undefined;
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new AppError(ErrorCode.notFound, `No route for ${req.method} ${req.path}`));
};
