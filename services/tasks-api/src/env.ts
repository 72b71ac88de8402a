import { outboxEnv } from '@taskmesh/outbox';
import { baseEnv, outboundEnv } from '@taskmesh/platform';
import { z } from 'zod';

export const EnvSchema = z.object({
  ...baseEnv,
  /** Push endpoints exempt from the public-https check (issue 15): local test push services, never production. */
  ...outboundEnv,
  /** Most events the outbox relay claims and publishes in one batch. */
  OUTBOX_BATCH_SIZE: z.coerce.number().int().positive().max(1000).default(200),
  ...outboxEnv,
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
  /**
   * Failed sign-ins allowed per email (existing or not) and per client address
   * in LOGIN_FAILURE_WINDOW_SECONDS; then every sign-in there is 429 until the
   * window ends. Shared by all replicas (PostgreSQL), issue 15.
   */
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(30),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** Password reset requests per hour: per client address (then 429), per email (then nothing is sent). */
  PASSWORD_RESETS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().positive().default(10),
  PASSWORD_RESETS_PER_ACCOUNT_PER_HOUR: z.coerce.number().int().positive().default(3),
  /** New verification links a signed-in user may ask for per hour. */
  VERIFICATION_EMAILS_PER_HOUR: z.coerce.number().int().positive().default(3),
  /** How long a verification link, and a password reset link, works. */
  EMAIL_VERIFICATION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(600)
    .default(24 * 3600),
  PASSWORD_RESET_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .max(24 * 3600)
    .default(1800),
});
export type Env = z.infer<typeof EnvSchema>;
