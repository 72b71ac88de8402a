import { z } from 'zod';
import { cloudEvent } from './envelope';

/*
 * Account email (issue 15): tasks-api asks, reminder-agent sends over its SMTP
 * path. Partition key: the user id. The link's token never travels: an event
 * carries only `tokenId`, and the token is HMAC-SHA256(account-token-key,
 * tokenId), which only tasks-api and reminder-agent can compute (the outbox
 * and Kafka keep events for days; a raw token there would let anyone who can
 * read them take over accounts). tasks-api stores only the token's hash.
 */

const accountEmail = {
  userId: z.string().uuid(),
  /** Where to send it: the account's email when asked. */
  email: z.string().email(),
  displayName: z.string().nullable(),
  tokenId: z.string().uuid(),
  /** The link stops working then; reminder-agent gives up sending it too. */
  expiresAt: z.string().datetime({ offset: true }),
  occurredAt: z.string().datetime({ offset: true }),
};

/** An account's email needs confirming (registration, or the user asked again): send the link to /verify-email. */
export const EmailVerificationRequestedType = 'email-verification.requested';
export const EmailVerificationRequestedData = z.object(accountEmail);
export type EmailVerificationRequestedData = z.infer<typeof EmailVerificationRequestedData>;
export const EmailVerificationRequested = cloudEvent(EmailVerificationRequestedType, EmailVerificationRequestedData);

/** Someone asked to reset the password of an existing account: send the link to /reset-password. */
export const PasswordResetRequestedType = 'password-reset.requested';
export const PasswordResetRequestedData = z.object(accountEmail);
export type PasswordResetRequestedData = z.infer<typeof PasswordResetRequestedData>;
export const PasswordResetRequested = cloudEvent(PasswordResetRequestedType, PasswordResetRequestedData);

/** The account's owner proved this address is theirs: reminder email may go to it from now on. */
export const EmailVerifiedType = 'email.verified';
export const EmailVerifiedData = z.object({
  userId: z.string().uuid(),
  email: z.string().email(),
  occurredAt: z.string().datetime({ offset: true }),
});
export type EmailVerifiedData = z.infer<typeof EmailVerifiedData>;
export const EmailVerified = cloudEvent(EmailVerifiedType, EmailVerifiedData);
