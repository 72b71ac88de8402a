import type { Channel } from './channel';

/**
 * In-app: nothing leaves the system, so there is nothing to send here. The
 * notification is stored (and published for realtime-sync) in the same
 * transaction that records the delivery as sent (record-outcomes.ts), which
 * makes it exactly once by construction.
 */
export function inAppChannel(concurrency: number): Channel {
  return { name: 'in_app', concurrency, send: async () => undefined };
}
