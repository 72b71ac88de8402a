import type { PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { webhookOf } from '../webhooks/webhook-view';
import { deliveryView } from './list-deliveries';

/** Fields that put a dead delivery back in the queue, due now, with a fresh set of tries. */
const requeue = (now: Date) => ({
  status: 'pending' as const,
  attempts: 0,
  nextAttemptAt: now,
  leaseUntil: null,
  replays: { increment: 1 },
});

/**
 * Sends a dead-lettered delivery again: the same body and the same
 * webhook-id (receivers that saw it already can tell), signed afresh. Only a
 * dead one: a pending delivery is already on its way (409).
 */
export async function replayDelivery(
  prisma: PrismaClient,
  principal: Principal,
  webhookId: string,
  deliveryId: string,
) {
  await webhookOf(prisma, principal.userId, webhookId);
  const { count } = await prisma.webhookDelivery.updateMany({
    where: { id: deliveryId, webhookId, status: 'dead' },
    data: requeue(new Date()),
  });
  const row = await prisma.webhookDelivery.findFirst({ where: { id: deliveryId, webhookId }, omit: { body: true } });
  if (!row) throw new AppError(ErrorCode.notFound, 'No such delivery of this webhook');
  if (count === 0)
    throw new AppError(ErrorCode.conflict, `Only a dead delivery can be replayed; this one is ${row.status}`);
  return deliveryView(row);
}

/** Replays every dead delivery of a webhook (its whole dead-letter list). */
export async function replayDeadDeliveries(prisma: PrismaClient, principal: Principal, webhookId: string) {
  await webhookOf(prisma, principal.userId, webhookId);
  const { count } = await prisma.webhookDelivery.updateMany({
    where: { webhookId, status: 'dead' },
    data: requeue(new Date()),
  });
  return { replayed: count };
}
