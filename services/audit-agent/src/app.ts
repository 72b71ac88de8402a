import type { PrismaClient } from '@taskmesh/db';
import { createHttpApp, finish, type Logger, registerSubscriptions } from '@taskmesh/platform';
import type { Express } from 'express';
import { handleTaskEvents, taskEventsSubscription } from './events/task-events-subscription';
import { auditEntriesRouter } from './routes/audit-entries';

export function buildApp({
  prisma,
  logger,
  appApiToken,
}: {
  prisma: PrismaClient;
  logger: Logger;
  appApiToken?: string;
}): Express {
  const app = createHttpApp({
    logger,
    appApiToken,
    ready: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
  });
  registerSubscriptions(app, [taskEventsSubscription]);
  handleTaskEvents(app, prisma, logger);
  app.use(auditEntriesRouter(prisma));
  return finish(app, logger);
}
