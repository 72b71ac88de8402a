import { z } from 'zod';
import { cloudEvent } from './envelope';

/**
 * A sign-in session ended (issue 15): its refresh-token family was revoked, by
 * logout, because a rotated refresh token was used again (theft), or because
 * the account's password was reset (every session ends). Its access
 * tokens carry the session id as `sid` and stay valid until they expire, so
 * realtime-sync closes the session's sockets and refuses its tokens until
 * `tokensExpireBy`. Partition key: the user id.
 */
export const SessionEndedType = 'session.ended';
export const SessionEndedData = z.object({
  userId: z.string().uuid(),
  /** The refresh-token family: the `sid` claim of every access token issued in it. */
  sessionId: z.string().uuid(),
  reason: z.enum(['logout', 'refresh-token-reused', 'password-reset']),
  /** When the last access token of the session expires at the latest. */
  tokensExpireBy: z.string().datetime({ offset: true }),
  occurredAt: z.string().datetime({ offset: true }),
});
export type SessionEndedData = z.infer<typeof SessionEndedData>;
export const SessionEnded = cloudEvent(SessionEndedType, SessionEndedData);
export type SessionEnded = z.infer<typeof SessionEnded>;
