import type { PrismaClient } from '@taskmesh/db';
import {
  type AllowedOrigins,
  checkOutboundUrl,
  createOutboundClient,
  type LookupAll,
  OutboundRequestFailed,
  OutboundUrlRefused,
} from '@taskmesh/platform';
import webpush from 'web-push';
import { type Channel, SendFailure } from './channel';

export interface PushSettings {
  vapid: { subject: string; publicKey: string; privateKey: string };
  timeoutMs: number;
  concurrency: number;
  /** OUTBOUND_ALLOWED_ORIGINS: local test push services (tests and development only). */
  allowedOrigins: AllowedOrigins;
  /** DNS (tests replace it). */
  resolve?: LookupAll;
}

interface Subscription {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * Web push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption
 * (RFC 8291), built by web-push; sent with keep-alive agents so a burst of
 * reminders reuses connections to the push service. Goes to every browser
 * the user registered: the delivery counts as sent when at least one push
 * service accepted it; subscriptions the push service reports gone (404,
 * 410) are dropped. Endpoints are user-supplied URLs (issue 15): each is
 * checked again here, with the addresses it is sent to, and a failure says
 * only the status the push service answered, never what it wrote.
 */
export function pushChannel(prisma: PrismaClient, settings: PushSettings): Channel {
  const client = createOutboundClient({
    allowed: settings.allowedOrigins,
    timeoutMs: settings.timeoutMs,
    maxSockets: settings.concurrency,
    resolve: settings.resolve,
  });

  // A VAPID JWT is valid for up to 24 hours; signing one per push would cost an
  // ECDSA signature each. One per push service (audience), renewed hourly.
  const vapidByAudience = new Map<string, { authorization: string; renewAt: number }>();
  function vapidAuthorization(endpoint: string): string {
    const audience = new URL(endpoint).origin;
    const cached = vapidByAudience.get(audience);
    if (cached && cached.renewAt > Date.now()) return cached.authorization;
    const expiresAt = Math.floor(Date.now() / 1000) + 12 * 3600;
    const { Authorization } = webpush.getVapidHeaders(
      audience,
      settings.vapid.subject,
      settings.vapid.publicKey,
      settings.vapid.privateKey,
      'aes128gcm',
      expiresAt,
    );
    vapidByAudience.set(audience, { authorization: Authorization, renewAt: Date.now() + 3600_000 });
    return Authorization;
  }

  // A burst of reminders for one user reads their subscriptions once a second, not once per push.
  const recent = new Map<string, { at: number; rows: Promise<Subscription[]> }>();
  function subscriptionsOf(userId: string): Promise<Subscription[]> {
    const hit = recent.get(userId);
    if (hit && Date.now() - hit.at < 1000) return hit.rows;
    const rows = prisma.$queryRaw<Subscription[]>`
      SELECT id::text, endpoint, p256dh, auth FROM reminder_agent.reminder_agent_push_subscriptions
      WHERE user_id = ${userId}::uuid AND removed_at IS NULL`;
    recent.set(userId, { at: Date.now(), rows });
    if (recent.size > 10_000) recent.clear();
    rows.catch(() => recent.delete(userId));
    return rows;
  }

  return {
    name: 'push',
    concurrency: settings.concurrency,
    async send(target, message) {
      const subscriptions = await subscriptionsOf(target.userId);
      if (subscriptions.length === 0) throw new SendFailure('the user has no web-push subscription', true);
      const payload = JSON.stringify({
        id: message.key,
        title: message.subject,
        body: message.body,
        url: message.url,
        taskId: target.taskId,
        // One of the two: what the push is about (a reminder, or an assignment or mention).
        reminderId: target.reminderId,
        requestId: target.requestId,
        // The service worker shows it with this tag: a repeated push replaces, never adds.
        tag: message.key,
      });
      const results = await Promise.all(
        subscriptions.map(async (subscription) => {
          try {
            // Refused endpoints are not signed for or encrypted to; send checks again where it connects.
            checkOutboundUrl(subscription.endpoint, settings.allowedOrigins);
            const details = webpush.generateRequestDetails(
              { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
              payload,
              {
                headers: { Authorization: vapidAuthorization(subscription.endpoint) },
                TTL: 24 * 3600,
                urgency: 'high',
                topic: message.pushTopic,
                contentEncoding: 'aes128gcm',
              },
            );
            const status = await client.send(details.endpoint, details);
            return { subscription, status, reason: `push service answered ${status}`, retriable: status >= 500 };
          } catch (error) {
            if (error instanceof OutboundUrlRefused)
              return { subscription, status: 0, reason: `endpoint refused: ${error.message}`, retriable: false };
            if (error instanceof OutboundRequestFailed)
              return { subscription, status: 0, reason: `push service: ${error.message}`, retriable: true };
            throw error;
          }
        }),
      );
      const gone = results.filter((r) => r.status === 404 || r.status === 410).map((r) => r.subscription.id);
      if (gone.length > 0) {
        recent.delete(target.userId);
        await prisma.reminderAgentPushSubscription.updateMany({
          where: { id: { in: gone } },
          data: { removedAt: new Date() },
        });
      }
      if (results.some((r) => r.status >= 200 && r.status < 300)) return;
      const failures = [...new Set(results.map((r) => r.reason))].join('; ');
      // Only retried while some subscription may still take it (5xx, 429, no answer).
      const retriable = results.some((r) => r.retriable || r.status === 429);
      throw new SendFailure(`push: ${failures}`, !retriable);
    },
    async close() {
      client.close();
    },
  };
}
