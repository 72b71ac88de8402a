import type { ReminderTopicEvent } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { AccountEmailKind } from './account-message';

const kinds: Partial<Record<ReminderTopicEvent['type'], AccountEmailKind>> = {
  'email-verification.requested': 'verify-email',
  'password-reset.requested': 'reset-password',
};

/** The account events of a batch (issue 15): what applyAccountEvents acts on. */
export const isAccountEvent = (event: ReminderTopicEvent): boolean =>
  event.type in kinds || event.type === 'email.verified';

/**
 * Queues account email (one row per token id, so a redelivered event queues
 * nothing new) and keeps each user's verified address: the newest
 * verification wins. Runs in the caller's transaction.
 */
export async function applyAccountEvents(tx: Prisma.TransactionClient, events: ReminderTopicEvent[]): Promise<number> {
  let applied = 0;
  for (const event of events) {
    const kind = kinds[event.type];
    if (kind && (event.type === 'email-verification.requested' || event.type === 'password-reset.requested')) {
      const { tokenId, userId, email, displayName, expiresAt } = event.data;
      applied += await tx.$executeRaw`
        INSERT INTO reminder_agent.reminder_agent_account_emails
          (id, user_id, kind, recipient, display_name, expires_at, next_attempt_at, updated_at)
        VALUES (${tokenId}::uuid, ${userId}::uuid, ${kind}, ${email}, ${displayName}, ${expiresAt}::timestamptz,
          now(), now())
        ON CONFLICT (id) DO NOTHING`;
    } else if (event.type === 'email.verified') {
      const { userId, email, occurredAt } = event.data;
      applied += await tx.$executeRaw`
        INSERT INTO reminder_agent.reminder_agent_verified_emails AS v (user_id, email, verified_at, updated_at)
        VALUES (${userId}::uuid, ${email}, ${occurredAt}::timestamptz, now())
        ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, verified_at = EXCLUDED.verified_at,
          updated_at = now()
        WHERE v.verified_at < EXCLUDED.verified_at`;
    }
  }
  return applied;
}
