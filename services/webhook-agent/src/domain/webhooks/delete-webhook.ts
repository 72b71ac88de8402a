import type { PrismaClient } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { webhookOf } from './webhook-view';

/** Deletes a webhook with its deliveries, dead letters included; nothing more is sent to it. */
export async function deleteWebhook(prisma: PrismaClient, principal: Principal, id: string): Promise<void> {
  const row = await webhookOf(prisma, principal.userId, id);
  await prisma.webhook.deleteMany({ where: { id: row.id, userId: principal.userId } });
}
