import { z } from 'zod';

/** A comma-separated list in a query parameter, e.g. ?status=todo,in_progress */
export const csvList = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').filter((part) => part.length > 0) : value),
    z.array(item).max(20, 'at most 20 values'),
  );

/** An ISO 8601 date-time with an offset (a Z counts), as query parameters and bodies take them. */
export const isoDateTime = () => z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' });
