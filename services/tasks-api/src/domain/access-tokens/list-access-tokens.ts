import type { PrismaClient } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import type { AccessTokenView } from './access-token-input';
import { toAccessTokenView } from './access-token-view';

/** The user's live tokens (not revoked, not expired), newest first, without the tokens themselves. */
export async function listAccessTokens(prisma: PrismaClient, principal: Principal, now = new Date()) {
  const rows = await prisma.personalAccessToken.findMany({
    where: { userId: principal.userId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(toAccessTokenView) satisfies AccessTokenView[];
}
