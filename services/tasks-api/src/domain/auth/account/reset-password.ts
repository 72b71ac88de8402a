import type { PrismaClient } from '@taskmesh/db';
import { hashPassword } from '../../../security/passwords';
import { clearAttempts } from '../../../security/throttles';
import type { AuthLimits } from '../auth-limits';
import { endSession, type SessionSettings } from '../sessions';
import { markEmailVerified, spendToken, usableToken } from './account-email';

/**
 * Sets a new password with a reset link (issue 15). The link works once, as do
 * the account's other reset links after it; every session of the account ends
 * (its refresh tokens are revoked and session.ended closes its live
 * connections; access tokens lapse within their 15 minutes). Opening the link
 * proves the address, and lifts a sign-in lockout.
 */
export async function resetPassword(
  prisma: PrismaClient,
  input: { token: string; password: string },
  limits: AuthLimits,
  sessions: SessionSettings,
): Promise<void> {
  // A bad link is refused before the costly hash, so bogus tokens cost little.
  await usableToken(prisma, 'reset_password', input.token);
  const passwordHash = await hashPassword(input.password);
  await prisma.$transaction(async (tx) => {
    const { userId, email } = await spendToken(tx, 'reset_password', input.token);
    const now = new Date();
    const user = await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    const open = await tx.refreshToken.findMany({
      where: { userId, revokedAt: null },
      distinct: ['familyId'],
      select: { familyId: true },
    });
    for (const { familyId } of open) await endSession(tx, { userId, familyId }, 'password-reset', sessions, now);
    await tx.accountToken.updateMany({
      where: { userId, purpose: 'reset_password', usedAt: null },
      data: { usedAt: now },
    });
    await markEmailVerified(tx, userId, email, now);
    await clearAttempts(tx, limits.failedLoginsPerAccount, user.email);
  });
}
