import type { PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { Action, mayTake } from '../project-access';
import { checkWebhookUrl } from './check-webhook-url';
import type { WebhookSettings } from './create-webhook';
import type { UpdateWebhookInput } from './webhook-input';
import { webhookOf, webhookView } from './webhook-view';

/** Why a webhook is paused when its creator pauses it. */
export const pausedByYou = 'Paused by you';

/**
 * Changes a webhook's URL, description or events, or pauses or resumes it.
 * Resuming a project webhook checks again that its creator may manage the
 * project's webhooks (it may have been paused because they no longer could).
 */
export async function updateWebhook(
  prisma: PrismaClient,
  principal: Principal,
  id: string,
  input: UpdateWebhookInput,
  settings: Pick<WebhookSettings, 'members' | 'allowedOrigins'>,
) {
  const row = await webhookOf(prisma, principal.userId, id);
  const url = input.url === undefined ? undefined : await checkWebhookUrl(input.url, settings.allowedOrigins);
  if (input.enabled === true && row.disabledAt && row.projectId) {
    const members = await settings.members(row.projectId);
    if (!mayTake(members, principal.userId, Action.manageWebhooks))
      throw new AppError(ErrorCode.forbidden, "Only the project's owner may resume its webhooks");
  }
  const pause =
    input.enabled === undefined
      ? {}
      : input.enabled
        ? { disabledAt: null, disabledReason: null }
        : { disabledAt: row.disabledAt ?? new Date(), disabledReason: row.disabledReason ?? pausedByYou };
  const updated = await prisma.webhook.update({
    where: { id: row.id },
    data: {
      ...(url === undefined ? {} : { url }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.eventTypes === undefined ? {} : { eventTypes: input.eventTypes }),
      ...pause,
    },
  });
  return webhookView(updated);
}
