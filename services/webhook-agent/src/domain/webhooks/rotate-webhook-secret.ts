import type { PrismaClient } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { newSigningSecret, type SecretBox } from '../signing/signing-secret';
import { webhookOf, webhookView } from './webhook-view';

/** How long the old secret keeps signing after a rotation (both signatures are sent). */
export const previousSecretHours = 24;

/**
 * A new signing secret, answered this once. For the next 24 hours every
 * request carries two signatures, by the new and the old secret, so a
 * receiver can switch to the new one without refusing a single delivery.
 */
export async function rotateWebhookSecret(prisma: PrismaClient, principal: Principal, id: string, box: SecretBox) {
  const row = await webhookOf(prisma, principal.userId, id);
  const secret = newSigningSecret();
  const updated = await prisma.webhook.update({
    where: { id: row.id },
    data: {
      secretEncrypted: box.seal(secret),
      previousSecretEncrypted: row.secretEncrypted,
      previousSecretUntil: new Date(Date.now() + previousSecretHours * 3600_000),
    },
  });
  return { ...webhookView(updated), secret };
}
