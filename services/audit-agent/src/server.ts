import { Component, Secret } from '@taskmesh/contracts';
import { createPrismaClient } from '@taskmesh/db';
import { bootService } from '@taskmesh/platform';
import { buildApp } from './app';
import { EnvSchema } from './env';

bootService(EnvSchema, async ({ env, logger, dapr }) => {
  const prisma = createPrismaClient(await dapr.getSecret(Component.secretStore, Secret.databaseUrl));
  return { app: buildApp({ prisma, logger, appApiToken: env.APP_API_TOKEN }), onShutdown: () => prisma.$disconnect() };
});
