import { Component, Secret } from '@taskmesh/contracts';
import { createPrismaClient } from '@taskmesh/db';
import { createOutboxRelay } from '@taskmesh/outbox';
import { accessTokenSigner, bootService } from '@taskmesh/platform';
import { buildApp } from './app';
import { EnvSchema } from './env';

bootService(EnvSchema, async ({ env, logger, dapr }) => {
  const [databaseUrl, signingKey, vapidPublicKey] = await Promise.all([
    dapr.getSecret(Component.secretStore, Secret.tasksDatabaseUrl),
    dapr.getSecret(Component.secretStore, Secret.jwtPrivateKey),
    dapr.getSecret(Component.secretStore, Secret.vapidPublicKey),
  ]);
  const prisma = createPrismaClient(databaseUrl);
  // The relay has connections of its own: under load it would otherwise queue behind requests for one.
  const relayPrisma = createPrismaClient(databaseUrl, { poolSize: 2 });
  const outbox = createOutboxRelay({
    prisma: relayPrisma,
    table: 'outbox_events',
    dapr,
    logger,
    batchSize: env.OUTBOX_BATCH_SIZE,
  });
  return {
    app: buildApp({
      prisma,
      outbox,
      logger,
      appApiToken: env.APP_API_TOKEN,
      vapidPublicKey,
      outboundAllowedOrigins: env.OUTBOUND_ALLOWED_ORIGINS,
      sessions: {
        tokens: accessTokenSigner(signingKey, env.ACCESS_TOKEN_TTL_SECONDS),
        refreshTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      },
      rateLimits: {
        perUserPerMinute: env.RATE_LIMIT_PER_USER_PER_MINUTE,
        perIpPerMinute: env.RATE_LIMIT_PER_IP_PER_MINUTE,
      },
    }),
    onShutdown: async () => {
      await outbox.stop();
      await relayPrisma.$disconnect();
      await prisma.$disconnect();
    },
  };
});
