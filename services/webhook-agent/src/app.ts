import { Component } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import {
  type AccessTokenVerifier,
  type AllowedOrigins,
  authenticate,
  createHttpApp,
  cronBinding,
  finish,
  type Logger,
  registerRoutesWithDocs,
  registerSubscriptions,
} from '@taskmesh/platform';
import type { Express } from 'express';
import { type DeliverySender, senderStats } from './domain/deliveries/delivery-sender';
import type { ProjectMembers } from './domain/project-access';
import type { SecretBox } from './domain/signing/signing-secret';
import { handled, handleTaskEvents, taskEventsSubscription } from './events/task-events-subscription';
import { webhookRoutes } from './routes/webhook-routes';

export interface AppDeps {
  prisma: PrismaClient;
  box: SecretBox;
  sender: DeliverySender;
  /** Who is in a project and what they may do there: tasks-api, through the sidecar. */
  access: ProjectMembers;
  tokens: AccessTokenVerifier;
  logger: Logger;
  appApiToken?: string;
  allowedOrigins: AllowedOrigins;
  maxWebhooksPerUser: number;
}

export function buildApp(deps: AppDeps): Express {
  const { prisma, sender, logger } = deps;
  const app = createHttpApp({
    logger,
    appApiToken: deps.appApiToken,
    // Bulk deliveries: up to 200 events with before/after snapshots; only the sidecar can call (app API token).
    bodyLimit: '16mb',
    ready: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
  });
  registerSubscriptions(app, [taskEventsSubscription]);
  handleTaskEvents(app, prisma, deps.access, sender, logger);
  // Retries come due between events: the sweep sends whatever is due.
  cronBinding(app, Component.webhookSweep, logger, () => sender.tick());
  app.get('/stats', (_req, res) => {
    res.json({ ...handled, sender: senderStats });
  });
  app.use(authenticate(deps.tokens));
  registerRoutesWithDocs(
    app,
    webhookRoutes(prisma, sender, {
      box: deps.box,
      members: deps.access,
      allowedOrigins: deps.allowedOrigins,
      maxPerUser: deps.maxWebhooksPerUser,
    }),
    {
      title: 'Taskmesh webhook-agent',
      version: '1.0.0',
      description: 'Outbound webhooks (Standard Webhooks signatures), through Dapr service invocation.',
    },
  );
  return finish(app, logger);
}
