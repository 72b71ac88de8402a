/**
 * How failures of the Dapr SDK (`@dapr/dapr`) reach Taskmesh code: always as
 * one DaprError, with the HTTP status the sidecar answered where there is one
 * (issue 16). Some SDK calls answer `{ error }` instead of throwing; the
 * wrapper throws those too.
 */

export class DaprError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DaprError';
  }
}

/**
 * The sidecar gave no answer in time (not running, restarting, timed out): a
 * passing state, not a bug. The problem handler answers it 503 with
 * Retry-After, so a caller retries instead of seeing a 500 (issue 19: a
 * rollout under load).
 */
export class SidecarUnreachableError extends DaprError {
  constructor(message: string) {
    super(message);
    this.name = 'SidecarUnreachableError';
  }
}

interface HttpFailure {
  status: number;
  error_msg?: string;
}

/** The SDK's HTTP client throws Error(JSON.stringify({ error, error_msg, status })) for any non-2xx/3xx answer. */
function httpFailure(error: unknown): HttpFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  try {
    const parsed = JSON.parse(error.message) as Partial<HttpFailure>;
    return typeof parsed.status === 'number' ? (parsed as HttpFailure) : undefined;
  } catch {
    return undefined;
  }
}

/** Turns whatever the SDK threw (or returned as `{ error }`) for `what` into a DaprError. */
export function toDaprError(error: unknown, what: string): DaprError {
  if (error instanceof DaprError) return error;
  const http = httpFailure(error);
  if (http)
    return new DaprError(`${what} failed: HTTP ${http.status} ${(http.error_msg ?? '').slice(0, 500)}`, http.status);
  const message = error instanceof Error ? error.message : String(error);
  // Anything else (node-fetch's FetchError, the SDK giving up on start) means no sidecar answered.
  return new SidecarUnreachableError(`Dapr sidecar unreachable for ${what}: ${message.slice(0, 500)}`);
}
