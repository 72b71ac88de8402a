import { AppId, Component, Secret } from '@taskmesh/contracts';
import { createPrismaClient } from '@taskmesh/db';
import { createOutboxRelay } from '@taskmesh/outbox';
import { accessTokenVerifier, bootService, grantsThroughApp, withPersonalTokens } from '@taskmesh/platform';
import { buildApp } from './app';
import { emailChannel } from './channels/email-channel';
import { inAppChannel } from './channels/in-app-channel';
import { pushChannel } from './channels/push-channel';
import { createAccountMailer } from './domain/account-email/account-mailer';
import { createDeliverySweeper } from './domain/delivery-sweeper';
import { EnvSchema } from './env';

bootService(EnvSchema, async ({ env, logger, dapr }) => {
  const secret = (key: string) => dapr.getSecret(Component.secretStore, key);
  const [databaseUrl, jwtPublicKey, smtpUsername, smtpPassword, vapidPublicKey, vapidPrivateKey, accountTokenKey] =
    await Promise.all([
      secret(Secret.reminderDatabaseUrl),
      secret(Secret.jwtPublicKey),
      secret(Secret.smtpUsername),
      secret(Secret.smtpPassword),
      secret(Secret.vapidPublicKey),
      secret(Secret.vapidPrivateKey),
      secret(Secret.accountTokenKey),
    ]);
  const prisma = createPrismaClient(databaseUrl);
  const outbox = createOutboxRelay({
    prisma,
    table: 'reminder_agent.reminder_agent_outbox_events',
    dapr,
    logger,
    batchSize: 500,
    retentionHours: env.OUTBOX_RETENTION_HOURS,
  });
  const email = emailChannel({
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    username: smtpUsername,
    password: smtpPassword,
    from: env.SMTP_FROM,
    timeoutMs: env.SEND_TIMEOUT_MS,
    concurrency: env.EMAIL_CONCURRENCY,
  });
  const retry = { maxAttempts: env.MAX_ATTEMPTS, baseMs: env.RETRY_BASE_MS, maxMs: env.RETRY_MAX_MS };
  const sweeper = createDeliverySweeper({
    prisma,
    outbox,
    logger,
    leaseSeconds: env.DELIVERY_LEASE_SECONDS,
    retry,
    webBaseUrl: env.WEB_BASE_URL,
    channels: [
      inAppChannel(env.IN_APP_CONCURRENCY),
      email,
      pushChannel(prisma, {
        vapid: { subject: env.VAPID_SUBJECT, publicKey: vapidPublicKey, privateKey: vapidPrivateKey },
        timeoutMs: env.SEND_TIMEOUT_MS,
        concurrency: env.PUSH_CONCURRENCY,
        allowedOrigins: env.OUTBOUND_ALLOWED_ORIGINS,
      }),
    ],
  });
  const accountMailer = createAccountMailer({
    prisma,
    email,
    logger,
    leaseSeconds: env.DELIVERY_LEASE_SECONDS,
    retry,
    webBaseUrl: env.WEB_BASE_URL,
    tokenKey: accountTokenKey,
  });
  return {
    app: buildApp({
      prisma,
      outbox,
      sweeper,
      accountMailer,
      // Sign-in tokens, and personal access tokens through tasks-api (decision 013).
      tokens: withPersonalTokens(accessTokenVerifier(jwtPublicKey), grantsThroughApp(dapr, AppId.tasksApi, logger)),
      logger,
      appApiToken: env.APP_API_TOKEN,
    }),
    onShutdown: async () => {
      await accountMailer.stop();
      await sweeper.stop();
      await outbox.stop();
      await prisma.$disconnect();
    },
  };
});
