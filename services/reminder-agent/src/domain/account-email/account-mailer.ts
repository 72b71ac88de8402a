import type { PrismaClient } from '@taskmesh/db';
import { afterFailure, type Logger, type RetryPolicy } from '@taskmesh/platform';
import { SendFailure } from '../../channels/channel';
import type { EmailChannel } from '../../channels/email-channel';
import { type AccountEmail, type AccountEmailKind, accountMessage } from './account-message';

export interface AccountMailerOptions {
  prisma: PrismaClient;
  email: EmailChannel;
  logger: Logger;
  leaseSeconds: number;
  retry: RetryPolicy;
  webBaseUrl: string;
  /** The secret account-token-key (the link's token is derived from it). */
  tokenKey: string;
}

interface ClaimedRow {
  id: string;
  kind: AccountEmailKind;
  recipient: string;
  display_name: string | null;
  expires_at: Date;
  attempts: number;
}

/** Most account emails one replica has in flight. */
const batchSize = 20;

/**
 * Sends account email (verification and password reset links, issue 15) the
 * way reminders go out: a due row is claimed with a lease (SKIP LOCKED, so
 * replicas share the work), sent over the email channel's SMTP path, and its
 * outcome recorded only while this replica's claim holds. Failures are
 * retried with the reminders' backoff until the link expires.
 */
export function createAccountMailer({
  prisma,
  email,
  logger,
  leaseSeconds,
  retry,
  webBaseUrl,
  tokenKey,
}: AccountMailerOptions) {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function claim(): Promise<ClaimedRow[]> {
    return prisma.$queryRaw<ClaimedRow[]>`
      WITH due AS (
        SELECT id FROM reminder_agent.reminder_agent_account_emails
        WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
          AND (lease_until IS NULL OR lease_until < now())
        ORDER BY next_attempt_at
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE reminder_agent.reminder_agent_account_emails e
      SET status = 'sending', attempts = e.attempts + 1,
        lease_until = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
      FROM due WHERE e.id = due.id
      RETURNING e.id::text, e.kind, e.recipient, e.display_name, e.expires_at, e.attempts`;
  }

  async function record(
    row: ClaimedRow,
    outcome: { status: 'sent' | 'pending' | 'failed'; retryAt?: Date; error?: string },
  ): Promise<void> {
    await prisma.$executeRaw`
      UPDATE reminder_agent.reminder_agent_account_emails SET status = ${outcome.status}::reminder_agent."DeliveryStatus",
        next_attempt_at = COALESCE(${outcome.retryAt ?? null}::timestamptz, next_attempt_at),
        lease_until = NULL, last_error = ${outcome.error ?? null},
        sent_at = CASE WHEN ${outcome.status} = 'sent' THEN now() ELSE NULL END, updated_at = now()
      WHERE id = ${row.id}::uuid AND attempts = ${row.attempts} AND status = 'sending'`;
  }

  async function send(row: ClaimedRow): Promise<void> {
    const now = new Date();
    if (row.expires_at <= now) {
      await record(row, { status: 'failed', error: 'the link expired before it could be sent' });
      return;
    }
    const account: AccountEmail = {
      id: row.id,
      kind: row.kind,
      recipient: row.recipient,
      displayName: row.display_name,
      expiresAt: row.expires_at,
    };
    try {
      await email.sendMail(accountMessage(account, webBaseUrl, tokenKey, now));
      await record(row, { status: 'sent' });
    } catch (error) {
      const permanent = error instanceof SendFailure && error.permanent;
      const next = afterFailure(retry, row.attempts, permanent, new Date());
      const text = (error as Error).message.slice(0, 1000);
      logger.warn(
        { accountEmailId: row.id, kind: row.kind, attempts: row.attempts, err: text },
        'account email failed',
      );
      if ('retryAt' in next && next.retryAt < row.expires_at)
        await record(row, { status: 'pending', retryAt: next.retryAt, error: text });
      else await record(row, { status: 'failed', error: text });
    }
  }

  async function sweep(): Promise<void> {
    do {
      again = false;
      const rows = await claim();
      await Promise.all(rows.map((row) => send(row)));
      if (rows.length === batchSize) again = true;
    } while (again && !stopped);
  }

  return {
    /** Sends what is due; a tick while one runs makes it sweep once more after. */
    tick(): Promise<void> {
      if (stopped) return Promise.resolve();
      if (running) {
        again = true;
        return running;
      }
      running = sweep()
        .catch((error: unknown) => logger.error({ err: error }, 'account email sweep failed; the next tick retries'))
        .finally(() => {
          running = undefined;
        });
      return running;
    },
    async stop(): Promise<void> {
      stopped = true;
      await running;
    },
  };
}

export type AccountMailer = ReturnType<typeof createAccountMailer>;
