import { AppError, ErrorCode } from './errors';

declare const invocationPathBrand: unique symbol;

/**
 * The method part of a Dapr service-invocation URL
 * (`/v1.0/invoke/<app-id>/method/<InvocationPath>`), built only by
 * `invocationPath`. The sidecar's other APIs (shutdown, state, secrets,
 * metadata) share its URL space, and fetch() resolves `..` segments before
 * sending, so an id such as `../../../../shutdown` put into a path unchecked
 * would leave the invoke API altogether (issue 15).
 */
export type InvocationPath = string & { readonly [invocationPathBrand]: true };

/**
 * What a value may be to become one path segment: the URL's unreserved
 * characters, no leading dot (so neither `.` nor `..`), at most 200 of them.
 * Every Taskmesh id (uuid, app id, numbers) fits; anything else is refused
 * rather than escaped, because a sidecar or proxy that decodes `%2F` once
 * more would undo the escaping.
 */
const segmentPattern = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,199}$/;

/** True when `value` can stand as one path segment of an invocation path. */
export const isPathSegment = (value: string): boolean => segmentPattern.test(value);

/**
 * Tagged template for invocation paths: the literal parts are the code's own
 * route, each interpolated value must be exactly one safe segment.
 *
 *   invocationPath`tasks/${taskId}/complete`
 *
 * A value that is not (an id from a request that nobody validated) is a 400,
 * never a request to the sidecar.
 */
export function invocationPath(literals: TemplateStringsArray, ...values: Array<string | number>): InvocationPath {
  let path = literals[0] ?? '';
  values.forEach((value, index) => {
    const segment = String(value);
    if (!isPathSegment(segment)) {
      throw new AppError(ErrorCode.validation, 'An id in this request is not valid', {
        errors: [{ field: 'id', message: 'must be an id (letters, digits, "-", "_", "~" and inner dots)' }],
      });
    }
    path += segment + (literals[index + 1] ?? '');
  });
  return path.replace(/^\/+/, '') as InvocationPath;
}
