import type { PrismaClient } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { z } from 'zod';
import { webhookView } from './webhook-view';

export const ListWebhooksQuery = z
  .object({ projectId: z.string().uuid('projectId must be a project id (UUID)').optional() })
  .strict();

/** The caller's webhooks (at most the per-user limit, so one page), newest first; a project's with projectId. */
export async function listWebhooks(
  prisma: PrismaClient,
  principal: Principal,
  query: z.infer<typeof ListWebhooksQuery>,
) {
  const rows = await prisma.webhook.findMany({
    where: { userId: principal.userId, ...(query.projectId ? { projectId: query.projectId } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 1000,
  });
  return rows.map(webhookView);
}
