import { baseEnv } from '@taskmesh/platform';
import { z } from 'zod';

export const EnvSchema = z.object({
  ...baseEnv,
  /** How often the outbox sweep publishes events the relay could not (sidecar or broker down). */
  OUTBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(2_000),
  /** Most events the relay publishes per transaction. */
  OUTBOX_BATCH_SIZE: z.coerce.number().int().positive().max(1000).default(200),
});
export type Env = z.infer<typeof EnvSchema>;
