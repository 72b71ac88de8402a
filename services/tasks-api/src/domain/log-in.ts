import type { PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { dummyHash, verifyPassword } from '../security/passwords';
import { issueSession, type Session, type SessionSettings } from './sessions';
import type { LoginInput } from './user-input';

/** Email and password for a new session. One answer for unknown email and wrong password. */
export async function logIn(prisma: PrismaClient, input: LoginInput, settings: SessionSettings): Promise<Session> {
  const user = await prisma.user.findUnique({ where: { email: input.email } });
  // Verify against a dummy hash for unknown emails, so timing does not tell them apart.
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);
  if (!user || !ok) throw new AppError(ErrorCode.unauthorized, 'Email or password is wrong');
  return prisma.$transaction((tx) => issueSession(tx, user, settings));
}
