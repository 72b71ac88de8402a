import type { PrismaClient } from '@taskmesh/db';
import { hashPersonalToken, invalidPersonalToken, type PersonalTokenGrant, type TokenScope } from '@taskmesh/platform';

/** How stale last_used_at may get: one write a minute per token at most, whatever the request rate. */
const lastUsedResolutionMs = 60_000;

/**
 * What a personal access token stands for, from tasks-api's table: its user
 * (with the user's current role), scopes and expiry; a 401 when it is
 * unknown, revoked or expired. Marks it used.
 */
export async function verifyAccessToken(
  prisma: PrismaClient,
  token: string,
  now = new Date(),
): Promise<PersonalTokenGrant> {
  const row = await prisma.personalAccessToken.findUnique({
    where: { tokenHash: hashPersonalToken(token) },
    include: { user: { select: { role: true } } },
  });
  if (!row || row.revokedAt || row.expiresAt <= now) throw invalidPersonalToken();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > lastUsedResolutionMs) {
    await prisma.personalAccessToken.updateMany({
      where: {
        id: row.id,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - lastUsedResolutionMs) } }],
      },
      data: { lastUsedAt: now },
    });
  }
  return {
    userId: row.userId,
    role: row.user.role,
    scopes: row.scopes as TokenScope[],
    tokenId: row.id,
    expiresAt: row.expiresAt.toISOString(),
  };
}
