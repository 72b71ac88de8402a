import type { PrismaClient } from '@taskmesh/db';
import { countAttempt, takeAttempt } from '../../../security/throttles';
import type { AuthLimits } from '../auth-limits';
import { type AccountEmailSettings, recordAccountEmail } from './account-email';

/**
 * Someone asks for a password reset link (issue 15). The answer is the same
 * whether or not the email has an account: the limits count every email and
 * the caller's address alike, and the rest (finding the account, issuing the
 * token) is returned as `send`, for the caller to run after it has answered,
 * so not even the time taken tells. Past the per-email limit nothing is sent
 * (the answer stays the same), so nobody can flood someone's inbox.
 */
export async function requestPasswordReset(
  prisma: PrismaClient,
  email: string,
  settings: AccountEmailSettings,
  limits: AuthLimits,
  clientAddress: string,
): Promise<{ send: () => Promise<boolean> }> {
  await takeAttempt(prisma, limits.passwordResetsPerAddress, clientAddress);
  const { allowed } = await countAttempt(prisma, limits.passwordResetsPerAccount, email);
  return {
    async send() {
      if (!allowed) return false;
      const user = await prisma.user.findUnique({ where: { email } });
      if (!user) return false;
      await prisma.$transaction((tx) => recordAccountEmail(tx, settings, user, 'reset_password'));
      return true;
    },
  };
}
