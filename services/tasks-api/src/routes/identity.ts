import { AppError, ErrorCode } from '@taskmesh/platform';
import type { Request } from 'express';
import { z } from 'zod';
import type { Actor } from '../domain/create-task';

const UserId = z.string().uuid();

/**
 * The acting user. Until JWT authentication lands (issue #3), the caller names
 * its user in the X-User-Id header; that is why tasks-api only listens on
 * loopback behind its sidecar and is not exposed beyond it.
 */
export function actorOf(req: Request): Actor {
  const parsed = UserId.safeParse(req.header('x-user-id'));
  if (!parsed.success) {
    throw new AppError(ErrorCode.unauthorized, 'X-User-Id header with a user id (UUID) is required', {
      errors: [{ field: 'X-User-Id', message: 'must be a UUID' }],
    });
  }
  return { userId: parsed.data };
}
