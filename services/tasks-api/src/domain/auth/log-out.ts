import type { PrismaClient } from '@taskmesh/db';
import { hashRefreshToken } from '../../security/refresh-tokens';
import { endSession, type SessionSettings } from './sessions';

/**
 * Revokes the refresh token's whole family. Access tokens are not stored and
 * stay valid until they expire (minutes), which is why they are short-lived;
 * services with open connections learn of the logout from session.ended.
 */
export async function logOut(prisma: PrismaClient, refreshToken: string, settings: SessionSettings): Promise<void> {
  const token = await prisma.refreshToken.findUnique({ where: { tokenHash: hashRefreshToken(refreshToken) } });
  if (!token) return;
  await prisma.$transaction((tx) => endSession(tx, token, 'logout', settings));
}
