import type { PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { dummyHash, verifyPassword } from '../../security/passwords';
import { clearAttempts, giveBackAttempt, takeAttempt } from '../../security/throttles';
import type { AuthLimits } from './auth-limits';
import { issueSession, type Session, type SessionSettings } from './sessions';
import type { LoginInput } from './user-input';
import { toUserView, type UserView } from './user-view';

/**
 * Email and password for a new session. One answer for unknown email and wrong
 * password. Each try counts against the client's address and the email before
 * the password is checked (so parallel guesses cannot all slip in), and a
 * correct one is taken back: only failures use up the limits. Over either
 * limit every try is refused with 429, a correct password too, until the
 * window ends (issue 15). Answers the session and the user, the same shape
 * as registering (issue 16).
 */
export async function logIn(
  prisma: PrismaClient,
  input: LoginInput,
  settings: SessionSettings,
  limits: AuthLimits,
  clientAddress: string,
): Promise<Session & { user: UserView }> {
  await takeAttempt(prisma, limits.failedLoginsPerAddress, clientAddress);
  await takeAttempt(prisma, limits.failedLoginsPerAccount, input.email);
  const user = await prisma.user.findUnique({ where: { email: input.email } });
  // Verify against a dummy hash for unknown emails, so timing does not tell them apart.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);
  if (!user || !ok) throw new AppError(ErrorCode.unauthorized, 'Email or password is wrong');
  return prisma.$transaction(async (tx) => {
    await clearAttempts(tx, limits.failedLoginsPerAccount, input.email);
    await giveBackAttempt(tx, limits.failedLoginsPerAddress, clientAddress);
    return { ...(await issueSession(tx, user, settings)), user: toUserView(user) };
  });
}
