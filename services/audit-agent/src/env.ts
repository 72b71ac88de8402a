import { baseEnv } from '@taskmesh/platform';
import { z } from 'zod';

export const EnvSchema = z.object({ ...baseEnv });
export type Env = z.infer<typeof EnvSchema>;
