import { Component } from '@taskmesh/contracts';
import type { DaprClient, Logger } from '@taskmesh/platform';

/**
 * Sessions that were signed out while their access tokens are still valid
 * (issue 15). Closing a session's sockets is not enough: the same token could
 * open a new one until it expires. Each replica remembers the sessions it
 * heard end (checked synchronously at every handshake, so a handshake racing
 * the event cannot slip through), and the state store remembers them for
 * replicas that start later, until the session's last token expires.
 */
export function createEndedSessions(dapr: DaprClient, logger: Logger) {
  /** Session id -> when its tokens have all expired (ms). Insertion order is roughly expiry order. */
  const recent = new Map<string, number>();
  const key = (sessionId: string) => `ended-session:${sessionId}`;

  function forget(now: number): void {
    for (const [sessionId, until] of recent) {
      if (until > now) break;
      recent.delete(sessionId);
    }
  }

  /** What this replica has heard (synchronous: no await between the check and the socket joining). */
  const endedHere = (sessionId: string): boolean => (recent.get(sessionId) ?? 0) > Date.now();

  return {
    endedHere,

    async record(sessionId: string, tokensExpireBy: Date): Promise<void> {
      const now = Date.now();
      forget(now);
      const ttlSeconds = Math.ceil((tokensExpireBy.getTime() - now) / 1000);
      if (ttlSeconds <= 0) return;
      recent.set(sessionId, tokensExpireBy.getTime());
      await dapr.saveState(Component.stateStore, [{ key: key(sessionId), value: { tokensExpireBy }, ttlSeconds }]);
    },

    /**
     * Whether the session has ended, here or as the state store knows. If the
     * store cannot answer, the token (signed, unexpired) is let through: the
     * replay buffer is unavailable then too, and this replica's own memory still holds.
     */
    async ended(sessionId: string): Promise<boolean> {
      if (endedHere(sessionId)) return true;
      try {
        const [found] = await dapr.getBulkState(Component.stateStore, [key(sessionId)]);
        return found?.value !== undefined;
      } catch (error) {
        logger.warn(
          { err: error, sessionId },
          'ended sessions unavailable in the state store; checked this replica only',
        );
        return false;
      }
    },
  };
}

export type EndedSessions = ReturnType<typeof createEndedSessions>;
