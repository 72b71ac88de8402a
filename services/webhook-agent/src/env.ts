import { baseEnv, outboundEnv } from '@taskmesh/platform';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

export const EnvSchema = z
  .object({
    ...baseEnv,
    /** Webhook URLs exempt from the public-https check (issue 15): local test receivers, never production. */
    ...outboundEnv,
    /** A claimed delivery belongs to one replica this long; after a crash it is tried again once it expires. */
    DELIVERY_LEASE_SECONDS: positiveInt.default(30),
    /** One webhook request gives up after this long (well under the lease). */
    SEND_TIMEOUT_MS: positiveInt.default(10_000),
    /** Tries per delivery before it is dead-lettered (the creator can replay it). */
    MAX_ATTEMPTS: positiveInt.max(50).default(8),
    /** Backoff after the first failure, doubling each try up to RETRY_MAX_MS (with jitter). */
    RETRY_BASE_MS: positiveInt.default(5_000),
    RETRY_MAX_MS: positiveInt.default(3_600_000),
    /** In-flight webhook requests per replica: a slow receiver never holds more than this. */
    SEND_CONCURRENCY: positiveInt.max(1000).default(50),
    /** Webhooks per user (personal and project ones together). */
    MAX_WEBHOOKS_PER_USER: positiveInt.max(1000).default(20),
  })
  .refine((env) => env.SEND_TIMEOUT_MS < env.DELIVERY_LEASE_SECONDS * 1000, {
    path: ['SEND_TIMEOUT_MS'],
    message: 'must be shorter than DELIVERY_LEASE_SECONDS, or a slow send could be tried again while in flight',
  });
export type Env = z.infer<typeof EnvSchema>;
