import { Component, Secret } from '@taskmesh/contracts';
import { createPrismaClient } from '@taskmesh/db';
import { bootService } from '@taskmesh/platform';
import { buildApp } from './app';
import { EnvSchema } from './env';

bootService(EnvSchema, async ({ logger, dapr }) => {
  const prisma = createPrismaClient(await dapr.getSecret(Component.secretStore, Secret.databaseUrl));
  return { app: buildApp({ prisma, logger }), onShutdown: () => prisma.$disconnect() };
});
