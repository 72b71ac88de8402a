import type { PrismaClient } from '@taskmesh/db';
import { createHttpApp, finish, type Logger } from '@taskmesh/platform';
import type { Express } from 'express';
import type { OutboxRelay } from './events/outbox-relay';
import { tasksRouter } from './routes/tasks';

export interface AppDeps {
  prisma: PrismaClient;
  outbox: OutboxRelay;
  logger: Logger;
}

export function buildApp({ prisma, outbox, logger }: AppDeps): Express {
  const app = createHttpApp({
    logger,
    bodyLimit: '64kb',
    ready: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
  });
  app.use(tasksRouter({ prisma, outbox }));
  return finish(app, logger);
}
