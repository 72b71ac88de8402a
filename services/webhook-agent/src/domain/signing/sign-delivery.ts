import { createHmac } from 'node:crypto';
import { signingKey } from './signing-secret';

/**
 * The Standard Webhooks headers for one try of one delivery: `webhook-id` (the
 * delivery's id, the same on every try and replay, for deduplication),
 * `webhook-timestamp` (this try's Unix seconds, so receivers can refuse old
 * replays) and `webhook-signature`: `v1,` and the base64 HMAC-SHA256 of
 * `id.timestamp.body` under each secret in force (during a rotation both the
 * new and the old one, space-separated, so receivers can switch at leisure).
 */
export function signatureHeaders(
  secrets: readonly string[],
  deliveryId: string,
  timestampSeconds: number,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const signed = `${deliveryId}.${timestampSeconds}.${body}`;
  const signatures = secrets.map(
    (secret) => `v1,${createHmac('sha256', signingKey(secret)).update(signed).digest('base64')}`,
  );
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatures.join(' '),
  };
}
