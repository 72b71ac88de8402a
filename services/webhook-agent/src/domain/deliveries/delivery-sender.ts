import type { PrismaClient } from '@taskmesh/db';
import {
  type AllowedOrigins,
  afterFailure,
  createOutboundClient,
  type Logger,
  type LookupAll,
  OutboundRequestFailed,
  OutboundUrlRefused,
  type RetryPolicy,
} from '@taskmesh/platform';
import { signatureHeaders } from '../signing/sign-delivery';
import type { SecretBox } from '../signing/signing-secret';
import { pruneHistory } from './prune-history';

export interface SenderOptions {
  prisma: PrismaClient;
  box: SecretBox;
  logger: Logger;
  leaseSeconds: number;
  timeoutMs: number;
  concurrency: number;
  retry: RetryPolicy;
  /** OUTBOUND_ALLOWED_ORIGINS: local test receivers (tests and development only). */
  allowedOrigins: AllowedOrigins;
  /** DNS (tests replace it). */
  resolve?: LookupAll;
}

interface Claimed {
  id: string;
  body: string;
  attempts: number;
  url: string;
  secret_encrypted: string;
  previous_secret_encrypted: string | null;
  previous_secret_until: Date | null;
}

type Outcome =
  | { delivered: true; status: number }
  | { delivered: false; status: number; error: string; permanent: boolean };

/** What this replica has done since it started (GET /stats). */
export const senderStats = { ticks: 0, claimed: 0, delivered: 0, retried: 0, dead: 0 };

/**
 * Sends due deliveries. Each tick (the webhook-sweep cron binding every
 * second, and right after a fan-out or a replay) claims due rows up to the
 * free capacity with a lease (SKIP LOCKED: replicas never claim the same row),
 * sends them without waiting for each other, and records each outcome only if
 * the row is still at the try it claimed (a lease that lapsed mid-send and
 * was claimed again is not overwritten). Requests go to the URL the user gave,
 * connecting only to addresses that are public at that moment, never
 * following redirects; only the receiver's status is kept, never its body.
 */
export function createDeliverySender(options: SenderOptions) {
  const { prisma, box, logger, leaseSeconds, concurrency, retry } = options;
  const client = createOutboundClient({
    allowed: options.allowedOrigins,
    timeoutMs: options.timeoutMs,
    maxSockets: concurrency,
    resolve: options.resolve,
  });
  let inFlight = 0;
  let ticking: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let lastPrune = 0;

  async function claim(limit: number): Promise<Claimed[]> {
    return prisma.$queryRaw<Claimed[]>`
      UPDATE webhook_agent.webhook_deliveries d
      SET lease_until = now() + make_interval(secs => ${leaseSeconds}), attempts = d.attempts + 1, updated_at = now()
      FROM webhook_agent.webhooks w
      WHERE w.id = d.webhook_id AND d.id IN (
        SELECT due.id FROM webhook_agent.webhook_deliveries due
        JOIN webhook_agent.webhooks hook ON hook.id = due.webhook_id AND hook.disabled_at IS NULL
        WHERE due.status = 'pending' AND due.next_attempt_at <= now()
          AND (due.lease_until IS NULL OR due.lease_until < now())
        ORDER BY due.next_attempt_at
        LIMIT ${limit}
        FOR UPDATE OF due SKIP LOCKED)
      RETURNING d.id::text, d.body, d.attempts, w.url, w.secret_encrypted, w.previous_secret_encrypted, w.previous_secret_until`;
  }

  async function send(row: Claimed): Promise<Outcome> {
    const secrets = [box.open(row.secret_encrypted)];
    if (row.previous_secret_encrypted && row.previous_secret_until && row.previous_secret_until > new Date())
      secrets.push(box.open(row.previous_secret_encrypted));
    const headers = {
      ...signatureHeaders(secrets, row.id, Math.floor(Date.now() / 1000), row.body),
      'content-type': 'application/json',
      'user-agent': 'Taskmesh-Webhooks/1.0',
    };
    try {
      const status = await client.send(row.url, { method: 'POST', headers, body: row.body });
      if (status >= 200 && status < 300) return { delivered: true, status };
      return { delivered: false, status, error: `the receiver answered ${status}`, permanent: false };
    } catch (error) {
      if (error instanceof OutboundUrlRefused)
        return { delivered: false, status: 0, error: `url refused: ${error.message}`, permanent: true };
      if (error instanceof OutboundRequestFailed)
        return { delivered: false, status: 0, error: `no answer: ${error.message}`, permanent: false };
      throw error;
    }
  }

  async function record(row: Claimed, outcome: Outcome): Promise<void> {
    const now = new Date();
    if (outcome.delivered) {
      senderStats.delivered += 1;
      await prisma.webhookDelivery.updateMany({
        where: { id: row.id, attempts: row.attempts, status: 'pending' },
        data: { status: 'delivered', deliveredAt: now, leaseUntil: null, lastStatus: outcome.status, lastError: null },
      });
      return;
    }
    const next = afterFailure(retry, row.attempts, outcome.permanent, now);
    if ('giveUp' in next) senderStats.dead += 1;
    else senderStats.retried += 1;
    await prisma.webhookDelivery.updateMany({
      where: { id: row.id, attempts: row.attempts, status: 'pending' },
      data: {
        ...('giveUp' in next ? { status: 'dead' as const } : { nextAttemptAt: next.retryAt }),
        leaseUntil: null,
        lastStatus: outcome.status,
        lastError: outcome.error,
      },
    });
  }

  async function sendOne(row: Claimed): Promise<void> {
    try {
      await record(row, await send(row));
    } catch (error) {
      // The lease lapses and another tick tries it again.
      logger.error({ err: error, deliveryId: row.id }, 'webhook delivery could not be sent or recorded');
    } finally {
      inFlight -= 1;
      if (!stopped) soon();
    }
  }

  async function tickOnce(): Promise<void> {
    senderStats.ticks += 1;
    const free = concurrency - inFlight;
    if (free <= 0) return;
    const rows = await claim(free);
    senderStats.claimed += rows.length;
    inFlight += rows.length;
    for (const row of rows) void sendOne(row);
    if (Date.now() - lastPrune > 3600_000) {
      lastPrune = Date.now();
      await pruneHistory(prisma, logger);
    }
  }

  /** One tick at a time; a request for another while one runs makes it run once more. */
  function tick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (ticking) {
      again = true;
      return ticking;
    }
    ticking = (async () => {
      try {
        do {
          again = false;
          await tickOnce();
        } while (again && !stopped);
      } finally {
        ticking = undefined;
      }
    })();
    return ticking;
  }

  function soon(): void {
    tick().catch((error: unknown) => logger.error({ err: error }, 'webhook sweep failed'));
  }

  return {
    tick,
    /** After a fan-out or a replay: send now, not at the next cron tick. */
    soon,
    async stop() {
      stopped = true;
      await ticking;
      // In-flight sends keep their lease; another replica retries them after it lapses.
      client.close();
    },
  };
}

export type DeliverySender = ReturnType<typeof createDeliverySender>;
