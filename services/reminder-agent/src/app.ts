import { Component } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import type { OutboxRelay } from '@taskmesh/outbox';
import {
  type AccessTokenVerifier,
  authenticate,
  createHttpApp,
  cronBinding,
  finish,
  type Logger,
  registerRoutesWithDocs,
  registerSubscriptions,
} from '@taskmesh/platform';
import type { Express } from 'express';
import type { AccountMailer } from './domain/account-email/account-mailer';
import type { DeliverySweeper } from './domain/delivery-sweeper';
import { handleReminderEvents, remindersSubscription } from './events/reminders-subscription';
import { notificationRoutes } from './routes/notification-routes';

export interface AppDeps {
  prisma: PrismaClient;
  outbox: OutboxRelay;
  sweeper: DeliverySweeper;
  /** Verification and password reset links (issue 15). */
  accountMailer: AccountMailer;
  tokens: AccessTokenVerifier;
  logger: Logger;
  appApiToken?: string;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export function buildApp({ prisma, outbox, sweeper, accountMailer, tokens, logger, appApiToken }: AppDeps): Express {
  const app = createHttpApp({
    logger,
    appApiToken,
    ready: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
  });
  registerSubscriptions(app, [remindersSubscription]);
  handleReminderEvents(app, prisma, logger, () => {
    void sweeper.tick();
    void accountMailer.tick();
  });
  // Due reminders and account email: the cron binding fires every second on every replica; claims are exclusive.
  cronBinding(app, Component.reminderSweep, logger, async () => {
    await Promise.all([sweeper.tick(), accountMailer.tick()]);
  });
  // reminder.sent/failed and notifications: publish what the after-commit relay could not.
  cronBinding(app, Component.outboxSweep, logger, async () => {
    await outbox.flush();
  });
  app.get('/stats', (_req, res) => {
    const { lateness, claimMs, sendMs, ...counts } = sweeper.stats;
    const summary = (series: Record<string, number[]>) =>
      Object.fromEntries(
        Object.entries(series).map(([channel, values]) => {
          const sorted = [...values].sort((a, b) => a - b);
          const p = (q: number) => {
            const v = percentile(sorted, q);
            return v === null || v === undefined ? null : Math.round(v);
          };
          return [channel, { n: sorted.length, p50: p(50), p95: p(95), p99: p(99) }];
        }),
      );
    res.json({ ...counts, latenessMs: summary(lateness), claimMs: summary(claimMs), sendMs: summary(sendMs) });
  });
  app.use(authenticate(tokens));
  const routes = notificationRoutes(prisma);
  registerRoutesWithDocs(app, routes, {
    title: 'Taskmesh reminder-agent',
    version: '1.0.0',
    description: 'In-app notifications (reminders delivered in the app), through Dapr service invocation.',
  });
  return finish(app, logger);
}
