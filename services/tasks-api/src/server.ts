import { Component, Secret } from '@taskmesh/contracts';
import { createPrismaClient } from '@taskmesh/db';
import { createOutboxRelay } from '@taskmesh/outbox';
import { accessTokenSigner, bootService } from '@taskmesh/platform';
import { buildApp } from './app';
import { authLimits } from './domain/auth/auth-limits';
import { createImportRunner } from './domain/imports/import-runner';
import { EnvSchema } from './env';

bootService(EnvSchema, async ({ env, logger, dapr }) => {
  const [databaseUrl, signingKey, vapidPublicKey, accountTokenKey] = await Promise.all([
    dapr.getSecret(Component.secretStore, Secret.tasksDatabaseUrl),
    dapr.getSecret(Component.secretStore, Secret.jwtPrivateKey),
    dapr.getSecret(Component.secretStore, Secret.vapidPublicKey),
    dapr.getSecret(Component.secretStore, Secret.accountTokenKey),
  ]);
  const prisma = createPrismaClient(databaseUrl);
  // The relay has connections of its own: under load it would otherwise queue behind requests for one.
  const relayPrisma = createPrismaClient(databaseUrl, { poolSize: 2 });
  const outbox = createOutboxRelay({
    prisma: relayPrisma,
    table: 'tasks_api.outbox_events',
    dapr,
    logger,
    batchSize: env.OUTBOX_BATCH_SIZE,
    retentionHours: env.OUTBOX_RETENTION_HOURS,
  });
  const imports = createImportRunner({ prisma, outbox, logger });
  return {
    app: buildApp({
      prisma,
      outbox,
      imports,
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
      authLimits: authLimits({
        loginFailuresPerAccount: env.LOGIN_FAILURES_PER_ACCOUNT,
        loginFailuresPerAddress: env.LOGIN_FAILURES_PER_ADDRESS,
        loginFailureWindowSeconds: env.LOGIN_FAILURE_WINDOW_SECONDS,
        passwordResetsPerAddressPerHour: env.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR,
        passwordResetsPerAccountPerHour: env.PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR,
        verificationEmailsPerHour: env.VERIFICATION_EMAILS_PER_HOUR,
      }),
      accountEmail: {
        tokenKey: accountTokenKey,
        verificationTtlSeconds: env.EMAIL_VERIFICATION_TTL_SECONDS,
        resetTtlSeconds: env.PASSWORD_RESET_TTL_SECONDS,
      },
    }),
    onShutdown: async () => {
      // First: the batch under way commits, and the job is handed back for the next process.
      await imports.stop();
      await outbox.stop();
      await relayPrisma.$disconnect();
      await prisma.$disconnect();
    },
  };
});
