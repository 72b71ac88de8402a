import type { PrismaClient } from '@taskmesh/db';
import { hashRefreshToken } from '../security/refresh-tokens';

/**
 * Revokes the refresh token's whole family. Access tokens are not stored and
 * stay valid until they expire (minutes), which is why they are short-lived.
 */
export async function logOut(prisma: PrismaClient, refreshToken: string): Promise<void> {
  const token = await prisma.refreshToken.findUnique({ where: { tokenHash: hashRefreshToken(refreshToken) } });
  if (!token) return;
  await prisma.refreshToken.updateMany({
    where: { familyId: token.familyId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}
