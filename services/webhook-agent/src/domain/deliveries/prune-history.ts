import type { PrismaClient } from '@taskmesh/db';
import type { Logger } from '@taskmesh/platform';

/** Delivered and dead deliveries stay visible (and dead ones replayable) this long. */
export const deliveryHistoryDays = 30;

/** Keeps webhook-agent's deliveries bounded: run at most hourly by the sender. */
export async function pruneHistory(prisma: PrismaClient, logger: Logger): Promise<void> {
  const before = new Date(Date.now() - deliveryHistoryDays * 24 * 3600_000);
  const deliveries = await prisma.webhookDelivery.deleteMany({
    where: { status: { in: ['delivered', 'dead'] }, updatedAt: { lt: before } },
  });
  if (deliveries.count > 0) logger.info({ deliveries: deliveries.count }, 'webhook history pruned');
}
