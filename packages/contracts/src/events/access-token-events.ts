import { z } from 'zod';
import { cloudEvent } from './envelope';

/**
 * A personal access token made or revoked (issue 20; decision 013). They
 * travel on task-events (partition key: the user id) so audit-agent records
 * them in the same log as the changes made with the token: the account's
 * security history is the audit log, like GitHub's security log.
 */
export const AccessTokenCreatedType = 'access-token.created';
export const AccessTokenRevokedType = 'access-token.revoked';

export const AccessTokenEventData = z.object({
  tokenId: z.string().uuid(),
  /** The token's owner (only they can make or revoke it). */
  userId: z.string().uuid(),
  actorId: z.string().min(1),
  /** 1 when made, 2 when revoked: audit rows keep versions that only grow. */
  version: z.number().int().positive(),
  occurredAt: z.string().datetime({ offset: true }),
  /** What the token is (never the token or its hash). */
  token: z.object({
    name: z.string(),
    scopes: z.array(z.string()),
    expiresAt: z.string().datetime({ offset: true }),
  }),
});
export type AccessTokenEventData = z.infer<typeof AccessTokenEventData>;

export const AccessTokenCreated = cloudEvent(AccessTokenCreatedType, AccessTokenEventData);
export const AccessTokenRevoked = cloudEvent(AccessTokenRevokedType, AccessTokenEventData);
export const AccessTokenEvent = z.discriminatedUnion('type', [AccessTokenCreated, AccessTokenRevoked]);
export type AccessTokenEvent = z.infer<typeof AccessTokenEvent>;
