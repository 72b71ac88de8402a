import { Component } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import type { OutboxRelay } from '@taskmesh/outbox';
import {
  type AllowedOrigins,
  authenticate,
  createHttpApp,
  cronBinding,
  finish,
  type Logger,
  principalKey,
  rateLimit,
  registerRoutes,
  registerSubscriptions,
} from '@taskmesh/platform';
import type { Express } from 'express';
import { deleteExpiredIdempotencyKeys } from './domain/idempotent-write';
import type { SessionSettings } from './domain/sessions';
import { handleReminderEvents, remindersSubscription } from './events/reminders-subscription';
import { authRoutes } from './routes/auth-routes';
import { docsRouter } from './routes/docs-routes';
import { recurrenceRoutes } from './routes/recurrence-routes';
import { reminderRoutes } from './routes/reminder-routes';
import { settingsRoutes } from './routes/settings-routes';
import { taskRoutes } from './routes/task-routes';

export interface AppDeps {
  prisma: PrismaClient;
  outbox: OutboxRelay;
  sessions: SessionSettings;
  logger: Logger;
  appApiToken?: string;
  rateLimits: { perUserPerMinute: number; perIpPerMinute: number };
  /** Web push: browsers subscribe with it (GET /push/vapid-public-key). */
  vapidPublicKey: string;
  /** OUTBOUND_ALLOWED_ORIGINS: push endpoints exempt from the public-https check (local test push services). */
  outboundAllowedOrigins: AllowedOrigins;
}

export function buildApp({
  prisma,
  outbox,
  sessions,
  logger,
  appApiToken,
  rateLimits,
  vapidPublicKey,
  outboundAllowedOrigins,
}: AppDeps): Express {
  const app = createHttpApp({
    logger,
    bodyLimit: '64kb',
    appApiToken,
    ready: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
  });
  registerSubscriptions(app, [remindersSubscription]);
  handleReminderEvents(app, prisma, logger);
  // The outbox sweep (cron binding): publish what the after-commit relay could not.
  cronBinding(app, Component.outboxSweep, logger, async () => {
    await outbox.flush();
    await deleteExpiredIdempotencyKeys(prisma);
  });
  app.use(authenticate(sessions.tokens));
  app.use(
    rateLimit([
      { keyOf: principalKey, limit: rateLimits.perUserPerMinute, windowMs: 60_000 },
      // Per client IP for anonymous calls (sign-in and registration guessing);
      // signed-in calls are limited per user, since many users share a proxy's IP.
      {
        keyOf: (req) => (principalKey(req) || req.path.startsWith('/internal/') ? undefined : req.ip),
        limit: rateLimits.perIpPerMinute,
        windowMs: 60_000,
      },
    ]),
  );
  const deps = { prisma, outbox, sessions };
  const routes = [
    ...authRoutes(deps),
    ...settingsRoutes({ ...deps, vapidPublicKey, outboundAllowedOrigins }),
    ...taskRoutes(deps),
    ...reminderRoutes(deps),
    ...recurrenceRoutes(deps),
  ];
  registerRoutes(app, routes);
  app.use(docsRouter(routes));
  return finish(app, logger);
}
