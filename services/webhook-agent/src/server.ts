import { AppId, Component, Secret } from '@taskmesh/contracts';
import { createPrismaClient } from '@taskmesh/db';
import { accessTokenVerifier, bootService, grantsThroughApp, withPersonalTokens } from '@taskmesh/platform';
import { buildApp } from './app';
import { createDeliverySender } from './domain/deliveries/delivery-sender';
import { projectAccessThroughTasksApi } from './domain/project-access';
import { secretBox } from './domain/signing/signing-secret';
import { EnvSchema } from './env';

bootService(EnvSchema, async ({ env, logger, dapr }) => {
  const secret = (key: string) => dapr.getSecret(Component.secretStore, key);
  const [databaseUrl, jwtPublicKey, secretKey] = await Promise.all([
    secret(Secret.webhookDatabaseUrl),
    secret(Secret.jwtPublicKey),
    secret(Secret.webhookSecretKey),
  ]);
  const prisma = createPrismaClient(databaseUrl);
  const box = secretBox(secretKey);
  const sender = createDeliverySender({
    prisma,
    box,
    logger,
    leaseSeconds: env.DELIVERY_LEASE_SECONDS,
    timeoutMs: env.SEND_TIMEOUT_MS,
    concurrency: env.SEND_CONCURRENCY,
    retry: { maxAttempts: env.MAX_ATTEMPTS, baseMs: env.RETRY_BASE_MS, maxMs: env.RETRY_MAX_MS },
    allowedOrigins: env.OUTBOUND_ALLOWED_ORIGINS,
  });
  return {
    app: buildApp({
      prisma,
      box,
      sender,
      access: projectAccessThroughTasksApi(dapr, logger),
      // Sign-in tokens, and personal access tokens through tasks-api (decision 013).
      tokens: withPersonalTokens(accessTokenVerifier(jwtPublicKey), grantsThroughApp(dapr, AppId.tasksApi, logger)),
      logger,
      appApiToken: env.APP_API_TOKEN,
      allowedOrigins: env.OUTBOUND_ALLOWED_ORIGINS,
      maxWebhooksPerUser: env.MAX_WEBHOOKS_PER_USER,
    }),
    onShutdown: async () => {
      await sender.stop();
      await prisma.$disconnect();
    },
  };
});
