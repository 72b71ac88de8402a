import type { PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { createInbox } from '../projects/create-project';
import { hashPassword } from '../../security/passwords';
import { type AccountEmailSettings, recordAccountEmail } from './account/account-email';
import { issueSession, type Session, type SessionSettings } from './sessions';
import type { RegisterInput } from './user-input';
import { toUserView, type UserView } from './user-view';

/**
 * Creates an account (role user) with its Inbox project and signs it in. Its email starts unverified:
 * a verification link goes out through reminder-agent (issue 15).
 */
export async function registerUser(
  prisma: PrismaClient,
  input: RegisterInput,
  settings: SessionSettings,
  accountEmail: AccountEmailSettings,
): Promise<{ user: UserView; session: Session }> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: input.email,
          passwordHash,
          displayName: input.displayName ?? null,
          ...(input.timeZone ? { timeZone: input.timeZone } : {}),
        },
      });
      await createInbox(tx, user.id);
      await recordAccountEmail(tx, accountEmail, user, 'verify_email');
      return { user: toUserView(user), session: await issueSession(tx, user, settings) };
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      throw new AppError(ErrorCode.conflict, 'An account with this email already exists', {
        errors: [{ field: 'email', message: 'already registered' }],
      });
    }
    throw error;
  }
}
