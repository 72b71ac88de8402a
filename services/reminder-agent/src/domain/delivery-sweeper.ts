import type { PrismaClient } from '@taskmesh/db';
import type { OutboxRelay } from '@taskmesh/outbox';
import type { Logger } from '@taskmesh/platform';
import { type Channel, SendFailure } from '../channels/channel';
import { type ClaimedDelivery, claimDeliveries } from './claim-deliveries';
import { type Outcome, recordOutcomes } from './record-outcomes';
import { reminderMessage } from './reminder-message';
import { afterFailure, type RetryPolicy } from './retry-policy';

export interface SweeperOptions {
  prisma: PrismaClient;
  outbox: OutboxRelay;
  channels: Channel[];
  logger: Logger;
  leaseSeconds: number;
  retry: RetryPolicy;
  webBaseUrl: string;
}

/** What this replica has done since it started (GET /stats). */
export interface SweeperStats {
  sweeps: number;
  claimed: Record<string, number>;
  sent: Record<string, number>;
  retried: Record<string, number>;
  failed: Record<string, number>;
  inFlight: Record<string, number>;
  /** How late each channel's deliveries went out (ms after their time), for the last 10,000 sends. */
  lateness: Record<string, number[]>;
}

/**
 * The reminder sweep. Each tick (the reminder-sweep cron binding, plus a
 * wake-up timed for the next due delivery within the coming second) claims
 * due deliveries per channel, up to that channel's free capacity, and sends
 * them without waiting: a slow or failing channel holds only its own slots,
 * never the others'. Outcomes are recorded in batches (one transaction per
 * batch). Everything durable is in the database; the in-memory part is only
 * what is in flight, and its claims lapse if this process dies.
 */
export function createDeliverySweeper({
  prisma,
  outbox,
  channels,
  logger,
  leaseSeconds,
  retry,
  webBaseUrl,
}: SweeperOptions) {
  const byName = Object.fromEntries(channels.map((c) => [c.name, 0])) as Record<string, number>;
  const stats: SweeperStats = {
    sweeps: 0,
    claimed: { ...byName },
    sent: { ...byName },
    retried: { ...byName },
    failed: { ...byName },
    inFlight: { ...byName },
    lateness: Object.fromEntries(channels.map((c) => [c.name, []])),
  };
  let sweeping: Promise<void> | undefined;
  let again = false;
  let wakeUp: NodeJS.Timeout | undefined;
  let stopped = false;
  const pending: Outcome[] = [];
  const inFlight = new Set<Promise<void>>();
  let flushing: Promise<void> | undefined;
  let flushTimer: NodeJS.Timeout | undefined;

  async function deliver(channel: Channel, delivery: ClaimedDelivery): Promise<void> {
    const message = reminderMessage(delivery, webBaseUrl);
    let outcome: Outcome;
    try {
      await channel.send(delivery, message);
      outcome = { kind: 'sent', delivery, message, at: new Date() };
    } catch (error) {
      const permanent = error instanceof SendFailure && error.permanent;
      const text = (error as Error).message;
      const next = afterFailure(retry, delivery.attempts, permanent, new Date());
      outcome =
        'retryAt' in next
          ? { kind: 'retry', delivery, error: text, retryAt: next.retryAt }
          : { kind: 'failed', delivery, error: text, at: new Date() };
      logger.warn(
        { reminderId: delivery.reminderId, channel: channel.name, attempts: delivery.attempts, err: text, permanent },
        'retryAt' in next ? 'send failed; will retry' : 'send failed; giving up',
      );
    }
    pending.push(outcome);
    scheduleFlush();
  }

  function scheduleFlush(): void {
    if (pending.length >= 200) void flush();
    else flushTimer ??= setTimeout(() => void flush(), 10);
  }

  /** Records queued outcomes; on a database error they stay queued and are retried. */
  async function flush(): Promise<void> {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (flushing) return flushing;
    if (pending.length === 0) return;
    flushing = (async () => {
      while (pending.length > 0) {
        const batch = pending.splice(0, 500);
        try {
          await recordOutcomes(prisma, batch);
        } catch (error) {
          pending.unshift(...batch);
          logger.error({ err: error, outcomes: batch.length }, 'recording outcomes failed; retrying');
          await new Promise((resolve) => setTimeout(resolve, 1000));
          if (stopped) return;
          continue;
        }
        for (const outcome of batch) {
          const name = outcome.delivery.channel;
          stats.inFlight[name] = (stats.inFlight[name] ?? 1) - 1;
          if (outcome.kind === 'sent') {
            stats.sent[name] = (stats.sent[name] ?? 0) + 1;
            const late = stats.lateness[name] ?? [];
            late.push(outcome.at.getTime() - outcome.delivery.fireAt.getTime());
            if (late.length > 10_000) late.splice(0, late.length - 10_000);
            stats.lateness[name] = late;
          } else if (outcome.kind === 'retry') stats.retried[name] = (stats.retried[name] ?? 0) + 1;
          else stats.failed[name] = (stats.failed[name] ?? 0) + 1;
        }
        outbox.publishSoon();
        // Capacity came free: there may be more due work than the last claim took.
        void tick();
      }
    })().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  async function sweepOnce(): Promise<void> {
    stats.sweeps += 1;
    await Promise.all(
      channels.map(async (channel) => {
        const free = channel.concurrency - (stats.inFlight[channel.name] ?? 0);
        const claimed = await claimDeliveries(prisma, channel.name, free, leaseSeconds);
        if (claimed.length === 0) return;
        stats.claimed[channel.name] = (stats.claimed[channel.name] ?? 0) + claimed.length;
        stats.inFlight[channel.name] = (stats.inFlight[channel.name] ?? 0) + claimed.length;
        for (const delivery of claimed) {
          const sending = deliver(channel, delivery).finally(() => inFlight.delete(sending));
          inFlight.add(sending);
        }
      }),
    );
    await planWakeUp();
  }

  /** Wakes up for the next delivery due within ~1 s, so lateness is not rounded up to the cron tick. */
  async function planWakeUp(): Promise<void> {
    const [next] = await prisma.$queryRaw<Array<{ in_ms: number | null }>>`
      SELECT (EXTRACT(EPOCH FROM min(next_attempt_at) - now()) * 1000)::int AS in_ms
      FROM reminder_agent_deliveries
      WHERE status = 'pending' AND next_attempt_at > now() AND next_attempt_at <= now() + interval '1500 milliseconds'`;
    const inMs = next?.in_ms;
    if (inMs === null || inMs === undefined || stopped) return;
    if (wakeUp) clearTimeout(wakeUp);
    wakeUp = setTimeout(
      () => {
        wakeUp = undefined;
        void tick();
      },
      Math.max(0, inMs),
    );
  }

  /** One sweep; a tick while one runs makes it run once more after, never two at once. */
  function tick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (sweeping) {
      again = true;
      return sweeping;
    }
    sweeping = (async () => {
      try {
        do {
          again = false;
          await sweepOnce();
        } while (again && !stopped);
      } finally {
        sweeping = undefined;
      }
    })();
    return sweeping;
  }

  return {
    tick,
    stats,
    async stop(): Promise<void> {
      stopped = true;
      if (wakeUp) clearTimeout(wakeUp);
      await sweeping?.catch(() => undefined);
      // Sends in flight end within the send timeout; their outcomes are recorded before exit.
      await Promise.allSettled([...inFlight]);
      await flush();
      await Promise.all(channels.map((c) => c.close?.()));
    },
  };
}

export type DeliverySweeper = ReturnType<typeof createDeliverySweeper>;
