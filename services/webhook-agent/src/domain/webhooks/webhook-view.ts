import type { PrismaClient, Webhook } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { z } from 'zod';

export const WebhookView = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  projectId: z.string().nullable(),
  enabled: z.boolean(),
  /** Why it is paused: by its creator, or because the creator lost access to the project. */
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookView = z.infer<typeof WebhookView>;

/** A webhook with its signing secret: answered only when the secret is new (created, rotated). */
export const WebhookWithSecret = WebhookView.extend({
  secret: z.string().describe('whsec_…: shown this once; sign checks use it (Standard Webhooks)'),
});

export function webhookView(row: Webhook): WebhookView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    projectId: row.projectId,
    enabled: row.disabledAt === null,
    disabledReason: row.disabledReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The user's webhook, or 404: someone else's is as absent as one that never existed. */
export async function webhookOf(prisma: Pick<PrismaClient, 'webhook'>, userId: string, id: string): Promise<Webhook> {
  const row = await prisma.webhook.findFirst({ where: { id, userId } });
  if (!row) throw new AppError(ErrorCode.notFound, 'No such webhook of yours');
  return row;
}
