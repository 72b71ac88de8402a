import {
  AccessTokenCreatedType,
  type AccessTokenEventData,
  type AccessTokenRevokedType,
  AppId,
  Topic,
} from '@taskmesh/contracts';
import type { PersonalAccessToken, Prisma } from '@taskmesh/db';
import { recordEvents } from '@taskmesh/outbox';
import type { Principal } from '@taskmesh/platform';

/**
 * Records that a token was made or revoked, in the transaction that does it,
 * on task-events (key: the user id) for the audit log. It names the token
 * (id, name, scopes, expiry), never the token or its hash.
 */
export async function recordAccessTokenEvent(
  tx: Prisma.TransactionClient,
  type: typeof AccessTokenCreatedType | typeof AccessTokenRevokedType,
  principal: Principal,
  row: PersonalAccessToken,
  now: Date,
): Promise<void> {
  const data: AccessTokenEventData = {
    tokenId: row.id,
    userId: row.userId,
    actorId: principal.userId,
    version: type === AccessTokenCreatedType ? 1 : 2,
    occurredAt: now.toISOString(),
    token: { name: row.name, scopes: row.scopes, expiresAt: row.expiresAt.toISOString() },
  };
  await recordEvents(tx, 'tasks_api.outbox_events', AppId.tasksApi, [
    { topic: Topic.taskEvents, type, key: row.userId, occurredAt: now, data },
  ]);
}
