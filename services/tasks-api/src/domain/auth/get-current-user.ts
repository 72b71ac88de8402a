import type { PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { toUserView, type UserView } from './user-view';

/** The account behind a valid access token (gone if it was deleted since the token was issued). */
export async function getCurrentUser(prisma: PrismaClient, userId: string): Promise<UserView> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw new AppError(ErrorCode.unauthorized, 'The account no longer exists');
  return toUserView(user);
}
