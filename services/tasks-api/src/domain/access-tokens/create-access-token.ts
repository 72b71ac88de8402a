import { randomBytes } from 'node:crypto';
import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode, hashPersonalToken, type Principal, personalTokenPrefix } from '@taskmesh/platform';
import { AccessTokenCreatedType } from '@taskmesh/contracts';
import { recordAccessTokenEvent } from './access-token-events';
import type { AccessTokenView, CreateAccessTokenInput } from './access-token-input';
import { maxLiveTokens, toAccessTokenView } from './access-token-view';

const dayMs = 24 * 3_600_000;

/**
 * A new personal access token (decision 013). admin-read is for admins only
 * (a 400 naming scopes otherwise, since the scope could never apply). The
 * token is in this answer only; its SHA-256 is stored.
 */
export async function createAccessToken(
  tx: Prisma.TransactionClient,
  principal: Principal,
  input: CreateAccessTokenInput,
  now = new Date(),
): Promise<AccessTokenView & { token: string }> {
  if (input.scopes.includes('admin-read') && principal.role !== 'admin') {
    const message = 'admin-read is for admins';
    throw new AppError(ErrorCode.validation, `Invalid body: scopes: ${message}`, {
      errors: [{ field: 'scopes', message }],
    });
  }
  // Serialised per user (the user row), so two creates cannot both pass the limit.
  await tx.$queryRaw`SELECT 1 FROM tasks_api.users WHERE id = ${principal.userId}::uuid FOR UPDATE`;
  const live = await tx.personalAccessToken.count({
    where: { userId: principal.userId, revokedAt: null, expiresAt: { gt: now } },
  });
  if (live >= maxLiveTokens)
    throw new AppError(ErrorCode.conflict, `At most ${maxLiveTokens} live access tokens: revoke one first`);
  const token = `${personalTokenPrefix}${randomBytes(32).toString('base64url')}`;
  const row = await tx.personalAccessToken.create({
    data: {
      userId: principal.userId,
      name: input.name,
      tokenHash: hashPersonalToken(token),
      scopes: input.scopes,
      expiresAt: new Date(now.getTime() + input.expiresInDays * dayMs),
    },
  });
  await recordAccessTokenEvent(tx, AccessTokenCreatedType, principal, row, now);
  return { ...toAccessTokenView(row), token };
}
