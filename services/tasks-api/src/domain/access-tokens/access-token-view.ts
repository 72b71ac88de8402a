import type { PersonalAccessToken } from '@taskmesh/db';
import type { TokenScope } from '@taskmesh/platform';
import type { AccessTokenView } from './access-token-input';

/** Live tokens a user may have at once. */
export const maxLiveTokens = 50;

export const toAccessTokenView = (row: PersonalAccessToken): AccessTokenView => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes as TokenScope[],
  expiresAt: row.expiresAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});
