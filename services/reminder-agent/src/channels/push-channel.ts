import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { PrismaClient } from '@taskmesh/db';
import webpush from 'web-push';
import { type Channel, SendFailure } from './channel';

export interface PushSettings {
  vapid: { subject: string; publicKey: string; privateKey: string };
  timeoutMs: number;
  concurrency: number;
}

interface Subscription {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

interface PushResponse {
  status: number;
  body: string;
}

/**
 * Web push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption
 * (RFC 8291), built by web-push; sent with keep-alive agents so a burst of
 * reminders reuses connections to the push service. Goes to every browser
 * the user registered: the delivery counts as sent when at least one push
 * service accepted it; subscriptions the push service reports gone (404,
 * 410) are dropped. Loopback http endpoints are allowed for local push services.
 */
export function pushChannel(prisma: PrismaClient, settings: PushSettings): Channel {
  const agents = {
    http: new HttpAgent({ keepAlive: true, maxSockets: settings.concurrency }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: settings.concurrency }),
  };

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
      SELECT id::text, endpoint, p256dh, auth FROM reminder_agent_push_subscriptions
      WHERE user_id = ${userId}::uuid AND removed_at IS NULL`;
    recent.set(userId, { at: Date.now(), rows });
    if (recent.size > 10_000) recent.clear();
    rows.catch(() => recent.delete(userId));
    return rows;
  }

  function post(details: webpush.RequestDetails): Promise<PushResponse> {
    const url = new URL(details.endpoint);
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method: details.method,
          headers: details.headers,
          agent: secure ? agents.https : agents.http,
          timeout: settings.timeoutMs,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${settings.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(details.body ?? undefined);
    });
  }

  return {
    name: 'push',
    concurrency: settings.concurrency,
    async send(reminder, message) {
      const subscriptions = await subscriptionsOf(reminder.userId);
      if (subscriptions.length === 0) throw new SendFailure('the user has no web-push subscription', true);
      const payload = JSON.stringify({
        id: message.key,
        title: message.subject,
        body: message.text.split('\n')[1] ?? '',
        url: message.url,
        taskId: reminder.taskId,
        reminderId: reminder.reminderId,
        // The service worker shows it with this tag: a repeated push replaces, never adds.
        tag: message.key,
      });
      const results = await Promise.all(
        subscriptions.map(async (subscription) => {
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
          try {
            const response = await post(details);
            return { subscription, status: response.status, error: response.body.slice(0, 200) };
          } catch (error) {
            return { subscription, status: 0, error: (error as Error).message };
          }
        }),
      );
      const gone = results.filter((r) => r.status === 404 || r.status === 410).map((r) => r.subscription.id);
      if (gone.length > 0) {
        recent.delete(reminder.userId);
        await prisma.reminderAgentPushSubscription.updateMany({
          where: { id: { in: gone } },
          data: { removedAt: new Date() },
        });
      }
      if (results.some((r) => r.status >= 200 && r.status < 300)) return;
      const failures = results.map((r) => `${r.status || 'network'} ${r.error}`.trim()).join('; ');
      // Only retried while some subscription may still take it (5xx, 429, network errors).
      const retriable = results.some((r) => r.status === 0 || r.status === 429 || r.status >= 500);
      throw new SendFailure(`push: ${failures}`, !retriable);
    },
    async close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
