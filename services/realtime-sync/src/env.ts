import { baseEnv } from '@taskmesh/platform';
import { z } from 'zod';

export const EnvSchema = z.object({ ...baseEnv, APP_HOST: z.string().default('0.0.0.0') });
export type Env = z.infer<typeof EnvSchema>;
