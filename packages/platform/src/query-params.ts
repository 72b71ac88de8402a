import { z } from 'zod';

/** A comma-separated list in a query parameter, e.g. ?status=todo,in_progress */
export const csvList = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').filter((part) => part.length > 0) : value),
    z.array(item).max(20, 'at most 20 values'),
  );

/**
 * The instants Taskmesh stores and compares: years 1 to 9999 in UTC. PostgreSQL
 * refuses year 0 (there is none: 1 BC comes before AD 1) and Prisma cannot send
 * a year past 9999, so "0001-01-01T00:00:00+01:00" (year 0 in UTC) and
 * "9999-12-31T23:00:00-02:00" (year 10000) were 500s (issue 15).
 */
export const earliestInstant = new Date('0001-01-01T00:00:00.000Z');
export const latestInstant = new Date('9999-12-31T23:59:59.999Z');

export const isStorableInstant = (instant: Date): boolean =>
  instant.getTime() >= earliestInstant.getTime() && instant.getTime() <= latestInstant.getTime();

/**
 * An ISO 8601 date-time with an offset (a Z counts), as query parameters and
 * bodies take them, within the storable range.
 */
export const isoDateTime = (message = 'must be an ISO 8601 date-time with offset') =>
  z.iso.datetime({ offset: true, message }).refine((value) => isStorableInstant(new Date(value)), {
    message: 'must be between years 0001 and 9999 (UTC)',
    // Only for a well-formed date-time: a malformed one has its message already.
    when: (payload) => payload.issues.length === 0,
  });
