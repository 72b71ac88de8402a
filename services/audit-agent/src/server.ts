import { AppId, Component, Secret } from '@taskmesh/contracts';
import { createPrismaClient } from '@taskmesh/db';
import { createOutboxRelay } from '@taskmesh/outbox';
import { accessTokenVerifier, bootService, grantsThroughApp, withPersonalTokens } from '@taskmesh/platform';
import { buildApp } from './app';
import { EnvSchema } from './env';

bootService(EnvSchema, async ({ env, logger, dapr }) => {
  // Its own database role: it may read and append audit entries, never change them.
  const [databaseUrl, jwtPublicKey] = await Promise.all([
    dapr.getSecret(Component.secretStore, Secret.auditDatabaseUrl),
    dapr.getSecret(Component.secretStore, Secret.jwtPublicKey),
  ]);
  const prisma = createPrismaClient(databaseUrl);
  const outbox = createOutboxRelay({
    prisma,
    table: 'audit_agent.audit_outbox_events',
    dapr,
    logger,
    batchSize: 500,
    retentionHours: env.OUTBOX_RETENTION_HOURS,
  });
  return {
    app: buildApp({
      prisma,
      dapr,
      outbox,
      // Sign-in tokens, and personal access tokens through tasks-api (decision 013).
      tokens: withPersonalTokens(accessTokenVerifier(jwtPublicKey), grantsThroughApp(dapr, AppId.tasksApi, logger)),
      logger,
      appApiToken: env.APP_API_TOKEN,
    }),
    onShutdown: async () => {
      await outbox.stop();
      await prisma.$disconnect();
    },
  };
});
