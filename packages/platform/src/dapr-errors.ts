/**
 * How failures of the Dapr SDK (`@dapr/dapr`) reach Taskmesh code: always as
 * one DaprError, with the HTTP status the sidecar answered where there is one,
 * so callers read the same thing over HTTP and gRPC (issue 16).
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
 * gRPC status codes as the sidecar uses them, read as the HTTP status its
 * HTTP API gives for the same failure (dapr's pkg/messages): an ETag
 * mismatch is Aborted over gRPC and 409 over HTTP, a bad ETag
 * InvalidArgument/400, any other store error Internal/500.
 */
const httpStatusOfGrpcCode: Record<number, number> = {
  3: 400, // InvalidArgument
  4: 504, // DeadlineExceeded
  7: 403, // PermissionDenied
  10: 409, // Aborted
  13: 500, // Internal
  16: 401, // Unauthenticated
};

/** gRPC codes that mean no sidecar answered at all (nothing listening, connection lost). */
const unreachableGrpcCodes = new Set([14]); // Unavailable

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

/** The SDK's gRPC client (Connect) throws ConnectError, which carries the numeric gRPC code. */
function grpcCode(error: unknown): number | undefined {
  if (!(error instanceof Error) || error.name !== 'ConnectError') return undefined;
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** Turns whatever the SDK threw (or returned as `{ error }`) for `what` into a DaprError. */
export function toDaprError(error: unknown, what: string): DaprError {
  if (error instanceof DaprError) return error;
  const http = httpFailure(error);
  if (http)
    return new DaprError(`${what} failed: HTTP ${http.status} ${(http.error_msg ?? '').slice(0, 500)}`, http.status);
  const code = grpcCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && !unreachableGrpcCodes.has(code)) {
    return new DaprError(
      `${what} failed: gRPC code ${code} ${message.slice(0, 500)}`,
      httpStatusOfGrpcCode[code] ?? 500,
    );
  }
  return new DaprError(`Dapr sidecar unreachable for ${what}: ${message.slice(0, 500)}`);
}
