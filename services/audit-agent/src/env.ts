import { outboxEnv } from '@taskmesh/outbox';
import { baseEnv } from '@taskmesh/platform';
import { z } from 'zod';

export const EnvSchema = z.object({ ...baseEnv, ...outboxEnv });
export type Env = z.infer<typeof EnvSchema>;
