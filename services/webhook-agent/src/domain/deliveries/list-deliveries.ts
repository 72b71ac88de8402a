import type { PrismaClient, WebhookDelivery } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { z } from 'zod';
import { webhookOf } from '../webhooks/webhook-view';

export const ListDeliveriesQuery = z
  .object({
    /** `dead`: the dead-letter list. */
    status: z.enum(['pending', 'delivered', 'dead']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().uuid('cursor must be the nextCursor of the previous page').optional(),
  })
  .strict();

export const DeliveryView = z.object({
  id: z.string().describe('The webhook-id header the receiver got'),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int(),
  /** The receiver's last answer (0: none); its body is never kept. */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  replays: z.number().int(),
  createdAt: z.string(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

export function deliveryView(row: Omit<WebhookDelivery, 'body'>): DeliveryView {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    replays: row.replays,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A webhook's deliveries, newest first, optionally only one status (the dead letters), a page at a time. */
export async function listDeliveries(
  prisma: PrismaClient,
  principal: Principal,
  webhookId: string,
  query: z.infer<typeof ListDeliveriesQuery>,
) {
  await webhookOf(prisma, principal.userId, webhookId);
  const rows = await prisma.webhookDelivery.findMany({
    where: { webhookId, ...(query.status ? { status: query.status } : {}) },
    omit: { body: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(deliveryView),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
