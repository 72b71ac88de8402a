import { Component, Secret } from '@taskmesh/contracts';
import { createPrismaClient } from '@taskmesh/db';
import { bootService } from '@taskmesh/platform';
import { buildApp } from './app';
import { EnvSchema } from './env';
import { createOutboxRelay } from './events/outbox-relay';

bootService(EnvSchema, async ({ env, logger, dapr }) => {
  const prisma = createPrismaClient(await dapr.getSecret(Component.secretStore, Secret.databaseUrl));
  const outbox = createOutboxRelay({
    prisma,
    dapr,
    logger,
    batchSize: env.OUTBOX_BATCH_SIZE,
    sweepIntervalMs: env.OUTBOX_SWEEP_INTERVAL_MS,
  });
  outbox.start();
  return {
    app: buildApp({ prisma, outbox, logger }),
    onShutdown: async () => {
      await outbox.stop();
      await prisma.$disconnect();
    },
  };
});
