import { outboxEnv } from '@taskmesh/outbox';
import { baseEnv, outboundEnv } from '@taskmesh/platform';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

export const EnvSchema = z
  .object({
    ...baseEnv,
    /** Push endpoints exempt from the public-https check (issue 15): local test push services, never production. */
    ...outboundEnv,
    ...outboxEnv,
    /** SMTP server (the login comes from the secret store: smtp-username, smtp-password). */
    SMTP_HOST: z.string().min(1).default('127.0.0.1'),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(52525),
    /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
    SMTP_SECURE: z.stringbool().default(false),
    SMTP_FROM: z.string().min(3).default('Taskmesh <reminders@taskmesh.local>'),
    /** The web UI's public address: links in emails and notifications point here. */
    WEB_BASE_URL: z.string().url(),
    /** Contact for push services (VAPID `sub`): a mailto: or https: URL. */
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:|https:)/)
      .default('mailto:reminders@taskmesh.local'),
    /** A claimed delivery belongs to one replica this long; after a crash it is retried once it expires. */
    DELIVERY_LEASE_SECONDS: positiveInt.default(30),
    /** One SMTP or push request gives up after this long (well under the lease). */
    SEND_TIMEOUT_MS: positiveInt.default(10_000),
    /** Tries per delivery before it is marked failed and dead-lettered. */
    MAX_ATTEMPTS: positiveInt.max(50).default(8),
    /** Backoff after the first failure, doubling each try up to RETRY_MAX_MS (with jitter). */
    RETRY_BASE_MS: positiveInt.default(2_000),
    RETRY_MAX_MS: positiveInt.default(300_000),
    /** In-flight sends per replica and channel: a slow channel never takes the others' capacity. */
    EMAIL_CONCURRENCY: positiveInt.default(20),
    PUSH_CONCURRENCY: positiveInt.default(50),
    IN_APP_CONCURRENCY: positiveInt.default(500),
  })
  .refine((env) => env.SEND_TIMEOUT_MS < env.DELIVERY_LEASE_SECONDS * 1000, {
    path: ['SEND_TIMEOUT_MS'],
    message: 'must be shorter than DELIVERY_LEASE_SECONDS, or a slow send could be retried while in flight',
  });
export type Env = z.infer<typeof EnvSchema>;
