import { baseEnv } from '@taskmesh/platform';
import { z } from 'zod';

export const EnvSchema = z.object({
  ...baseEnv,
  /** How long one replica holds the sweep lease (shorter than the sweep interval). */
  SWEEP_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
});
export type Env = z.infer<typeof EnvSchema>;
