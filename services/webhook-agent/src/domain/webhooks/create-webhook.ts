import { defaultWebhookEventTypes } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import { type AllowedOrigins, AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { Action, mayTake, type ProjectMembers } from '../project-access';
import { newSigningSecret, type SecretBox } from '../signing/signing-secret';
import { checkWebhookUrl } from './check-webhook-url';
import type { CreateWebhookInput } from './webhook-input';
import { webhookView } from './webhook-view';

export interface WebhookSettings {
  box: SecretBox;
  members: ProjectMembers;
  allowedOrigins: AllowedOrigins;
  maxPerUser: number;
}

/**
 * Registers a webhook for the caller. A project webhook needs its creator to
 * be allowed to manage the project's webhooks (the owner, by tasks-api's
 * permission table); a non-member gets 404, as everywhere for projects. The
 * signing secret is answered this once and stored sealed.
 */
export async function createWebhook(
  prisma: PrismaClient,
  principal: Principal,
  input: CreateWebhookInput,
  settings: WebhookSettings,
) {
  const url = await checkWebhookUrl(input.url, settings.allowedOrigins);
  if (input.projectId) {
    const members = await settings.members(input.projectId);
    if (!members.some((m) => m.userId === principal.userId))
      throw new AppError(ErrorCode.notFound, 'No such project', {
        errors: [{ field: 'projectId', message: 'no such project' }],
      });
    if (!mayTake(members, principal.userId, Action.manageWebhooks))
      throw new AppError(ErrorCode.forbidden, "Only the project's owner may add its webhooks");
  }
  const count = await prisma.webhook.count({ where: { userId: principal.userId } });
  if (count >= settings.maxPerUser)
    throw new AppError(ErrorCode.conflict, `You have ${count} webhooks, the most allowed; delete one first`);
  const secret = newSigningSecret();
  const row = await prisma.webhook.create({
    data: {
      userId: principal.userId,
      projectId: input.projectId ?? null,
      url,
      description: input.description,
      eventTypes: input.eventTypes ?? [...defaultWebhookEventTypes],
      secretEncrypted: settings.box.seal(secret),
    },
  });
  return { ...webhookView(row), secret };
}
