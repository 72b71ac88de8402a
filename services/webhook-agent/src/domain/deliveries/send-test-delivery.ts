import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { webhookOf } from '../webhooks/webhook-view';
import { deliveryView } from './list-deliveries';

/** The type of the event "Send a test" queues: receivers can recognise and ignore it. */
export const testEventType = 'webhook.test';

/**
 * Queues a `webhook.test` delivery to the webhook, signed and retried like
 * any other, so its creator can check their receiver before a real event.
 */
export async function sendTestDelivery(prisma: PrismaClient, principal: Principal, webhookId: string) {
  const webhook = await webhookOf(prisma, principal.userId, webhookId);
  const eventId = `test-${randomUUID()}`;
  const now = new Date();
  const row = await prisma.webhookDelivery.create({
    data: {
      webhookId: webhook.id,
      eventId,
      eventType: testEventType,
      body: JSON.stringify({
        type: testEventType,
        timestamp: now.toISOString(),
        eventId,
        data: { webhookId: webhook.id, userId: principal.userId },
      }),
      nextAttemptAt: now,
    },
    omit: { body: true },
  });
  return deliveryView(row);
}
