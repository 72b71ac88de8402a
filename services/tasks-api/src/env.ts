import { baseEnv, outboundEnv } from '@taskmesh/platform';
import { z } from 'zod';

export const EnvSchema = z.object({
  ...baseEnv,
  /** Push endpoints exempt from the public-https check (issue 15): local test push services, never production. */
  ...outboundEnv,
  /** Most events the outbox relay claims and publishes in one batch. */
  OUTBOX_BATCH_SIZE: z.coerce.number().int().positive().max(1000).default(200),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(3600)
    .default(30 * 24 * 3600),
  /** Requests per minute per signed-in user. */
  RATE_LIMIT_PER_USER_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  /** Anonymous requests (sign-in, registration) per minute per client IP (X-Forwarded-For through the sidecar). */
  RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number().int().positive().default(600),
});
export type Env = z.infer<typeof EnvSchema>;
