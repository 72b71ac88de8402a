import type { PrismaClient } from '@taskmesh/db';
import { markEmailVerified, spendToken } from './account-email';

/** Opens a verification link: the address it went to is the owner's (issue 15). Each link works once. */
export async function verifyEmail(prisma: PrismaClient, token: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { userId, email } = await spendToken(tx, 'verify_email', token);
    await markEmailVerified(tx, userId, email);
  });
}
