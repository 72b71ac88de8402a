import type { PrismaClient } from '@taskmesh/db';
import type { OutboxRelay } from '@taskmesh/outbox';
import { afterFailure, histogram, type Logger, type RetryPolicy } from '@taskmesh/platform';
import { type Channel, SendFailure } from '../channels/channel';
import { type ClaimedDelivery, claimDeliveries } from './claim-deliveries';
import { requestMessage } from './notification-requests/request-message';
import { type Outcome, recordOutcomes } from './record-outcomes';
import { type ReminderMessage, reminderMessage } from './reminder-message';

/** Why an email reminder was not sent, as the user reads it in the task's reminders. */
export const unverifiedAddress =
  'Not sent: your email address is not verified yet. Open the link Taskmesh emailed you (Settings sends a new one); reminders in the app still arrive.';

/** Appends a sample to a bounded per-channel series (the newest 10,000). */
function keepLast(series: Record<string, number[]>, channel: string, value: number): void {
  const values = series[channel] ?? [];
  values.push(value);
  if (values.length > 10_000) values.splice(0, values.length - 10_000);
  series[channel] = values;
}

/** Prometheus: how late each sent reminder was (sent time minus its firing time), by channel. */
const reminderLateness = histogram(
  'taskmesh_reminder_lateness_seconds',
  'How late a reminder went out (sent minus due), by channel',
  ['channel'],
  [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
);

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
  /** How long each channel's claim query took (ms), for the last 10,000 claims. */
  claimMs: Record<string, number[]>;
  /** How long each send took until the peer answered (ms), for the last 10,000 sends. */
  sendMs: Record<string, number[]>;
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
    claimMs: Object.fromEntries(channels.map((c) => [c.name, []])),
    sendMs: Object.fromEntries(channels.map((c) => [c.name, []])),
  };
  let stopped = false;
  const pending: Outcome[] = [];
  const inFlight = new Set<Promise<void>>();
  let flushing: Promise<void> | undefined;
  let flushTimer: NodeJS.Timeout | undefined;

  /** One try of a delivery on its channel, and how it ended. */
  async function attempt(channel: Channel, delivery: ClaimedDelivery, message: ReminderMessage): Promise<Outcome> {
    // Issue 15: email goes only to an address its owner proved is theirs.
    if (channel.name === 'email' && !delivery.recipientVerified)
      return { kind: 'failed', delivery, error: unverifiedAddress, at: new Date(), usersToFix: true };
    const started = performance.now();
    try {
      await channel.send(delivery, message);
      keepLast(stats.sendMs, channel.name, performance.now() - started);
      return { kind: 'sent', delivery, message, at: new Date() };
    } catch (error) {
      const permanent = error instanceof SendFailure && error.permanent;
      const text = (error as Error).message;
      const next = afterFailure(retry, delivery.attempts, permanent, new Date());
      logger.warn(
        {
          ...(delivery.source === 'reminder' ? { reminderId: delivery.reminderId } : { requestId: delivery.requestId }),
          channel: channel.name,
          attempts: delivery.attempts,
          err: text,
          permanent,
        },
        'retryAt' in next ? 'send failed; will retry' : 'send failed; giving up',
      );
      return 'retryAt' in next
        ? { kind: 'retry', delivery, error: text, retryAt: next.retryAt }
        : { kind: 'failed', delivery, error: text, at: new Date() };
    }
  }

  async function deliver(channel: Channel, delivery: ClaimedDelivery): Promise<void> {
    const message =
      delivery.source === 'reminder' ? reminderMessage(delivery, webBaseUrl) : requestMessage(delivery, webBaseUrl);
    const outcome = await attempt(channel, delivery, message);
    pending.push(outcome);
    // The slot is free once the peer answered; recording happens in the next batch.
    stats.inFlight[channel.name] = (stats.inFlight[channel.name] ?? 1) - 1;
    scheduleFlush();
    void tickChannel(channel);
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
          if (outcome.kind === 'sent') {
            stats.sent[name] = (stats.sent[name] ?? 0) + 1;
            // Lateness is a reminder's (due time to sent); a notification request has no due time.
            if (outcome.delivery.source === 'request') continue;
            const lateMs = outcome.at.getTime() - outcome.delivery.fireAt.getTime();
            keepLast(stats.lateness, name, lateMs);
            reminderLateness.observe({ channel: name }, Math.max(0, lateMs) / 1000);
          } else if (outcome.kind === 'retry') stats.retried[name] = (stats.retried[name] ?? 0) + 1;
          else stats.failed[name] = (stats.failed[name] ?? 0) + 1;
        }
        outbox.publishSoon();
      }
    })().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  /** Each channel sweeps on its own: a slow claim or a full channel never holds back another. */
  const loops = new Map(
    channels.map((channel) => [
      channel.name,
      {
        running: undefined as Promise<void> | undefined,
        again: false,
        wakeUp: undefined as NodeJS.Timeout | undefined,
      },
    ]),
  );

  /** Claims what is due for one channel, up to its free slots, and starts sending. Returns how many. */
  async function sweepChannel(channel: Channel): Promise<number> {
    const free = channel.concurrency - (stats.inFlight[channel.name] ?? 0);
    if (free <= 0) return 0;
    const started = performance.now();
    const claimed = await claimDeliveries(prisma, channel.name, free, leaseSeconds);
    keepLast(stats.claimMs, channel.name, performance.now() - started);
    if (claimed.length === 0) return 0;
    stats.claimed[channel.name] = (stats.claimed[channel.name] ?? 0) + claimed.length;
    stats.inFlight[channel.name] = (stats.inFlight[channel.name] ?? 0) + claimed.length;
    for (const delivery of claimed) {
      const sending = deliver(channel, delivery).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    return claimed.length;
  }

  /** Wakes a channel up for its next delivery due within ~1 s, so lateness is not rounded up to the cron tick. */
  async function planWakeUp(channel: Channel): Promise<void> {
    const [next] = await prisma.$queryRaw<Array<{ in_ms: number | null }>>`
      SELECT (EXTRACT(EPOCH FROM min(next_attempt_at) - now()) * 1000)::int AS in_ms
      FROM reminder_agent.reminder_agent_deliveries
      WHERE channel = ${channel.name} AND status = 'pending' AND next_attempt_at > now()
        AND next_attempt_at <= now() + interval '1500 milliseconds'`;
    const inMs = next?.in_ms;
    const loop = loops.get(channel.name);
    if (inMs === null || inMs === undefined || stopped || !loop) return;
    if (loop.wakeUp) clearTimeout(loop.wakeUp);
    loop.wakeUp = setTimeout(
      () => {
        loop.wakeUp = undefined;
        void tickChannel(channel);
      },
      Math.max(0, inMs),
    );
  }

  /** One sweep of a channel; a tick while one runs makes it run once more after, never two at once. */
  function tickChannel(channel: Channel): Promise<void> {
    const loop = loops.get(channel.name);
    if (stopped || !loop) return Promise.resolve();
    if (loop.running) {
      loop.again = true;
      return loop.running;
    }
    loop.running = (async () => {
      try {
        do {
          loop.again = false;
          // Nothing due right now: wake up for what falls due before the next cron tick.
          if ((await sweepChannel(channel)) === 0) await planWakeUp(channel);
        } while (loop.again && !stopped);
      } finally {
        loop.running = undefined;
      }
    })();
    return loop.running;
  }

  /** A sweep of every channel (the cron tick, or new reminders scheduled). */
  async function tick(): Promise<void> {
    stats.sweeps += 1;
    await Promise.all(channels.map((channel) => tickChannel(channel)));
  }

  return {
    tick,
    stats,
    async stop(): Promise<void> {
      stopped = true;
      for (const loop of loops.values()) {
        if (loop.wakeUp) clearTimeout(loop.wakeUp);
        await loop.running?.catch(() => undefined);
      }
      // Sends in flight end within the send timeout; their outcomes are recorded before exit.
      await Promise.allSettled([...inFlight]);
      await flush();
      await Promise.all(channels.map((c) => c.close?.()));
    },
  };
}

export type DeliverySweeper = ReturnType<typeof createDeliverySweeper>;
