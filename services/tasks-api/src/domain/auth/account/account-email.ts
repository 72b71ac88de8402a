import { randomUUID } from 'node:crypto';
import {
  AppId,
  type EmailVerificationRequestedData,
  EmailVerificationRequestedType,
  type EmailVerifiedData,
  EmailVerifiedType,
  type PasswordResetRequestedData,
  PasswordResetRequestedType,
  Topic,
} from '@taskmesh/contracts';
import type { AccountToken, AccountTokenPurpose, Prisma, User } from '@taskmesh/db';
import { recordEvents } from '@taskmesh/outbox';
import { AppError, accountLinkToken, ErrorCode } from '@taskmesh/platform';
import { hashToken } from '../../../security/refresh-tokens';

export interface AccountEmailSettings {
  /** The secret account-token-key: link tokens are derived from it (packages/platform account-link-token.ts). */
  tokenKey: string;
  verificationTtlSeconds: number;
  resetTtlSeconds: number;
}

type Tx = Prisma.TransactionClient;

/**
 * Issues a single-use link token for `user` and records the event that has
 * reminder-agent email the link (issue 15): the token's hash is stored, the
 * event carries only its id.
 */
export async function recordAccountEmail(
  tx: Tx,
  settings: AccountEmailSettings,
  user: Pick<User, 'id' | 'email' | 'displayName'>,
  purpose: AccountTokenPurpose,
  now = new Date(),
): Promise<void> {
  const id = randomUUID();
  const ttl = purpose === 'verify_email' ? settings.verificationTtlSeconds : settings.resetTtlSeconds;
  const expiresAt = new Date(now.getTime() + ttl * 1000);
  const tokenHash = hashToken(accountLinkToken(settings.tokenKey, id));
  await tx.accountToken.create({ data: { id, userId: user.id, purpose, email: user.email, tokenHash, expiresAt } });
  const data: EmailVerificationRequestedData | PasswordResetRequestedData = {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    tokenId: id,
    expiresAt: expiresAt.toISOString(),
    occurredAt: now.toISOString(),
  };
  const type = purpose === 'verify_email' ? EmailVerificationRequestedType : PasswordResetRequestedType;
  await recordEvents(tx, 'outbox_events', AppId.tasksApi, [
    { topic: Topic.reminders, type, key: user.id, data, occurredAt: now },
  ]);
}

const invalidLink = () =>
  new AppError(ErrorCode.validation, 'This link is not valid: it was used already, has expired, or was mistyped', {
    errors: [{ field: 'token', message: 'used, expired or unknown; ask for a new link' }],
  });

/** The link's token if it can still be used (read only: lets a caller skip costly work for a bad link), or 400. */
export async function usableToken(db: Tx, purpose: AccountTokenPurpose, token: string): Promise<AccountToken> {
  const row = await db.accountToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt <= new Date()) throw invalidLink();
  return row;
}

/** Uses the link's token up, once: of two concurrent uses only one gets it; the other is 400. */
export async function spendToken(
  tx: Tx,
  purpose: AccountTokenPurpose,
  token: string,
): Promise<{ userId: string; email: string }> {
  const [row] = await tx.$queryRaw<Array<{ user_id: string; email: string }>>`
    UPDATE account_tokens SET used_at = now(), updated_at = now()
    WHERE token_hash = ${hashToken(token)} AND purpose = ${purpose}::"AccountTokenPurpose"
      AND used_at IS NULL AND expires_at > now()
    RETURNING user_id::text, email`;
  if (!row) throw invalidLink();
  return { userId: row.user_id, email: row.email };
}

/**
 * Marks the account's email verified, if `email` (the address a link went to)
 * is still the account's, and tells reminder-agent (email.verified) once.
 */
export async function markEmailVerified(tx: Tx, userId: string, email: string, now = new Date()): Promise<void> {
  const updated = await tx.user.updateMany({
    where: { id: userId, email, emailVerifiedAt: null },
    data: { emailVerifiedAt: now },
  });
  if (updated.count === 0) return;
  const data: EmailVerifiedData = { userId, email, occurredAt: now.toISOString() };
  await recordEvents(tx, 'outbox_events', AppId.tasksApi, [
    { topic: Topic.reminders, type: EmailVerifiedType, key: userId, data, occurredAt: now },
  ]);
}

/** The sweep: expired links can never be used, so their rows go. */
export async function deleteExpiredAccountTokens(db: Tx): Promise<void> {
  await db.$executeRaw`DELETE FROM account_tokens WHERE expires_at < now()`;
}
