import type { PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { takeAttempt } from '../../../security/throttles';
import type { AuthLimits } from '../auth-limits';
import { type AccountEmailSettings, recordAccountEmail } from './account-email';

/** Emails the signed-in user a new verification link (a few an hour); earlier links keep working until they expire. */
export async function resendVerification(
  prisma: PrismaClient,
  principal: Principal,
  settings: AccountEmailSettings,
  limits: AuthLimits,
): Promise<void> {
  const user = await prisma.user.findUnique({ where: { id: principal.userId } });
  if (!user) throw new AppError(ErrorCode.unauthorized, 'The account no longer exists');
  if (user.emailVerifiedAt) throw new AppError(ErrorCode.conflict, 'Your email address is verified already');
  await takeAttempt(prisma, limits.verificationEmailsPerUser, user.id);
  await prisma.$transaction((tx) => recordAccountEmail(tx, settings, user, 'verify_email'));
}
