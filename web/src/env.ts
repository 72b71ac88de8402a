import { baseEnv } from '@taskmesh/platform';
import { z } from 'zod';

export const EnvSchema = z.object({
  ...baseEnv,
  /** Browsers reach web directly (its port, or the Ingress), so it listens beyond loopback. */
  APP_HOST: z.string().default('0.0.0.0'),
  /** Where browsers open their socket.io connection to realtime-sync; empty: this origin (the Ingress routes /socket.io). */
  REALTIME_PUBLIC_URL: z.string().default(''),
  /** How long a browser stays signed in without coming back. */
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 86_400),
  /** Secure cookies: set where the UI is served over HTTPS. */
  SESSION_COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** The Remix build (`npm run build -w web`). */
  BUILD_DIR: z.string().default('build'),
});
export type Env = z.infer<typeof EnvSchema>;
