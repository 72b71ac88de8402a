import type { Prisma, PrismaClient } from '@taskmesh/db';
import type { OutboxRelay } from '@taskmesh/outbox';
import type { Logger } from '@taskmesh/platform';
import type { Request, Response } from 'express';
import type { AccountEmailSettings } from '../domain/auth/account/account-email';
import type { AuthLimits } from '../domain/auth/auth-limits';
import type { SessionSettings } from '../domain/auth/sessions';
import { idempotentWrite, type WriteResult } from '../domain/idempotent-write';

export interface RouteDeps {
  prisma: PrismaClient;
  outbox: OutboxRelay;
  sessions: SessionSettings;
  limits: AuthLimits;
  accountEmail: AccountEmailSettings;
  logger: Logger;
}

export const etagOf = (version: number) => `"${version}"`;

/**
 * Runs a write (idempotently when the request has an Idempotency-Key), then
 * asks the outbox relay to publish what the write recorded and sends the result.
 */
export async function sendWrite(
  deps: RouteDeps,
  req: Request,
  res: Response,
  principal: string,
  write: (tx: Prisma.TransactionClient) => Promise<WriteResult>,
): Promise<void> {
  const result = await idempotentWrite(
    deps.prisma,
    principal,
    req.header('idempotency-key'),
    { method: req.method, path: req.path, body: req.body },
    write,
  );
  deps.outbox.publishSoon();
  for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);
  if (result.replayed) res.setHeader('idempotent-replayed', 'true');
  if (result.status === 204) res.status(204).end();
  else res.status(result.status).json(result.body);
}
