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
  withPersonalTokens,
} from '@taskmesh/platform';
import type { Express } from 'express';
import { type AccountEmailSettings, deleteExpiredAccountTokens } from './domain/auth/account/account-email';
import type { AuthLimits } from './domain/auth/auth-limits';
import type { SessionSettings } from './domain/auth/sessions';
import { verifyAccessToken } from './domain/access-tokens/verify-access-token';
import { deleteExpiredIdempotencyKeys } from './domain/idempotent-write';
import type { ImportRunner } from './domain/imports/import-runner';
import { handleReminderEvents, remindersSubscription } from './events/reminders-subscription';
import { accountRoutes } from './routes/account-routes';
import { accessTokenRoutes } from './routes/access-token-routes';
import { authRoutes } from './routes/auth-routes';
import { calendarRoutes } from './routes/calendar-routes';
import { exportRoutes } from './routes/export-routes';
import { importRoutes } from './routes/import-routes';
import { docsRouter } from './routes/docs-routes';
import { collaborationRoutes } from './routes/collaboration-routes';
import { memberRoutes } from './routes/member-routes';
import { projectRoutes } from './routes/project-routes';
import { recurrenceRoutes } from './routes/recurrence-routes';
import { reminderRoutes } from './routes/reminder-routes';
import { settingsRoutes } from './routes/settings-routes';
import { taskRoutes } from './routes/task-routes';
import { deleteEndedThrottles } from './security/throttles';

export interface AppDeps {
  prisma: PrismaClient;
  outbox: OutboxRelay;
  /** Runs imports in the background (issue 20). */
  imports: ImportRunner;
  sessions: SessionSettings;
  logger: Logger;
  appApiToken?: string;
  rateLimits: { perUserPerMinute: number; perIpPerMinute: number };
  /** Sign-in and account-email limits, counted in PostgreSQL so every replica shares them. */
  authLimits: AuthLimits;
  /** Verification and password reset links (issue 15). */
  accountEmail: AccountEmailSettings;
  /** Web push: browsers subscribe with it (GET /push/vapid-public-key). */
  vapidPublicKey: string;
  /** OUTBOUND_ALLOWED_ORIGINS: push endpoints exempt from the public-https check (local test push services). */
  outboundAllowedOrigins: AllowedOrigins;
}

export function buildApp({
  prisma,
  outbox,
  imports,
  sessions,
  logger,
  appApiToken,
  rateLimits,
  authLimits,
  accountEmail,
  vapidPublicKey,
  outboundAllowedOrigins,
}: AppDeps): Express {
  const app = createHttpApp({
    logger,
    bodyLimit: '64kb',
    // A file to import (issue 20): up to what a Dapr sidecar passes (4 MiB, daprd's --max-body-size default).
    largeBodies: { '/imports': '4mb' },
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
    // Resumes imports a stopped or crashed process left (import-runner.ts); returns at once.
    imports.runSoon();
    await deleteExpiredIdempotencyKeys(prisma);
    await deleteEndedThrottles(prisma);
    await deleteExpiredAccountTokens(prisma);
  });
  // Sign-in tokens (JWT) and personal access tokens, looked up in tasks-api's own table (decision 013).
  app.use(authenticate(withPersonalTokens(sessions.tokens, (token) => verifyAccessToken(prisma, token))));
  app.use(
    rateLimit([
      { keyOf: principalKey, limit: rateLimits.perUserPerMinute, windowMs: 60_000 },
      // Per client address for anonymous calls (sign-in and registration
      // guessing): req.ip is the browser's address as web reported it, not web's
      // sidecar's (trusted hops, issue 15). Signed-in calls are limited per user,
      // since many users share a proxy's address.
      {
        keyOf: (req) => (principalKey(req) || req.path.startsWith('/internal/') ? undefined : req.ip),
        limit: rateLimits.perIpPerMinute,
        windowMs: 60_000,
      },
    ]),
  );
  const deps = { prisma, outbox, sessions, limits: authLimits, accountEmail, logger };
  const routes = [
    ...authRoutes(deps),
    ...accountRoutes(deps),
    ...settingsRoutes({ ...deps, vapidPublicKey, outboundAllowedOrigins }),
    ...taskRoutes(deps),
    ...reminderRoutes(deps),
    ...recurrenceRoutes(deps),
    ...projectRoutes(deps),
    ...memberRoutes(deps),
    ...collaborationRoutes(deps),
    ...calendarRoutes(deps),
    ...exportRoutes(deps),
    ...accessTokenRoutes(deps),
    ...importRoutes({ ...deps, imports }),
  ];
  registerRoutes(app, routes);
  app.use(docsRouter(routes));
  return finish(app, logger);
}
