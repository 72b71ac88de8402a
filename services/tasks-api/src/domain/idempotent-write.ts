import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';

export interface WriteResult {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export interface RequestFingerprint {
  method: string;
  path: string;
  body: unknown;
}

/** What an Idempotency-Key may be (the OpenAPI document states it too). */
export const idempotencyKeyFormat = /^[\x21-\x7e]{1,200}$/;

/**
 * Runs a write in one transaction. With an Idempotency-Key, the key and the
 * response are stored in that same transaction: a retry with the same key
 * gets the stored response and changes nothing, and a concurrent retry waits
 * on the key's row until the first commits. A key reused for a different
 * request is refused (422).
 */
export async function idempotentWrite(
  prisma: PrismaClient,
  principal: string,
  key: string | undefined,
  request: RequestFingerprint,
  write: (tx: Prisma.TransactionClient) => Promise<WriteResult>,
): Promise<WriteResult & { replayed: boolean }> {
  if (key === undefined) return { ...(await prisma.$transaction(write)), replayed: false };
  if (!idempotencyKeyFormat.test(key)) {
    throw new AppError(ErrorCode.validation, 'Idempotency-Key must be 1 to 200 visible ASCII characters', {
      errors: [{ field: 'Idempotency-Key', message: 'invalid format' }],
    });
  }
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.path}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  return prisma.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO tasks_api.idempotency_keys (principal, key, request_hash, status, body, headers, updated_at)
      VALUES (${principal}, ${key}, ${requestHash}, 0, 'null'::jsonb, '{}'::jsonb, now())
      ON CONFLICT (principal, key) DO NOTHING`;
    if (inserted === 0) {
      const stored = await tx.idempotencyKey.findUniqueOrThrow({ where: { principal_key: { principal, key } } });
      if (stored.requestHash !== requestHash) {
        throw new AppError(ErrorCode.unprocessable, 'This Idempotency-Key was already used for a different request', {
          errors: [{ field: 'Idempotency-Key', message: 'reused with another method, path or body' }],
        });
      }
      return {
        status: stored.status,
        body: stored.body,
        headers: stored.headers as Record<string, string>,
        replayed: true,
      };
    }
    const result = await write(tx);
    await tx.idempotencyKey.update({
      where: { principal_key: { principal, key } },
      data: { status: result.status, body: result.body as Prisma.InputJsonValue, headers: result.headers },
    });
    return { ...result, replayed: false };
  });
}

/** Keys live for 24 hours; the outbox sweep deletes older ones. */
export async function deleteExpiredIdempotencyKeys(prisma: PrismaClient): Promise<number> {
  return prisma.$executeRaw`DELETE FROM tasks_api.idempotency_keys WHERE created_at < now() - interval '24 hours'`;
}
