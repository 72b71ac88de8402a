import { Component } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import type { OutboxRelay } from '@taskmesh/outbox';
import {
  type AccessTokenVerifier,
  authenticate,
  createHttpApp,
  cronBinding,
  type DaprClient,
  finish,
  type Logger,
  registerRoutesWithDocs,
  registerSubscriptions,
} from '@taskmesh/platform';
import type { Express } from 'express';
import { membershipThroughTasksApi } from './domain/project-membership';
import { handleTaskEvents, taskEventsSubscription } from './events/task-events-subscription';
import { auditRoutes } from './routes/audit-entries';

export interface AppDeps {
  prisma: PrismaClient;
  /** Its sidecar: project membership checks go to tasks-api through it (issue 19). */
  dapr: DaprClient;
  outbox: OutboxRelay;
  tokens: AccessTokenVerifier;
  logger: Logger;
  appApiToken?: string;
}

export function buildApp({ prisma, dapr, outbox, tokens, logger, appApiToken }: AppDeps): Express {
  const app = createHttpApp({
    logger,
    appApiToken,
    // Bulk deliveries: up to 500 events with before/after snapshots (up to ~45 kB
    // each); only the sidecar can call (app API token).
    bodyLimit: '32mb',
    ready: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
  });
  registerSubscriptions(app, [taskEventsSubscription]);
  handleTaskEvents(app, prisma, outbox, logger);
  // audit-logs: publish what the after-commit relay could not.
  cronBinding(app, Component.outboxSweep, logger, async () => {
    await outbox.flush();
  });
  app.use(authenticate(tokens));
  const routes = auditRoutes(prisma, membershipThroughTasksApi(dapr, logger));
  registerRoutesWithDocs(app, routes, {
    title: 'Taskmesh audit-agent',
    version: '1.0.0',
    description: 'The immutable audit log, through Dapr service invocation.',
  });
  return finish(app, logger);
}
