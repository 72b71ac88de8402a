import { baseEnv } from '@taskmesh/platform';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

export const EnvSchema = z.object({
  ...baseEnv,
  /** Browsers connect to realtime-sync directly (socket.io), so it listens beyond loopback. */
  APP_HOST: z.string().default('0.0.0.0'),
  /** How many of a user's latest updates a reconnecting client can catch up on; older gaps get `resync`. */
  REPLAY_SIZE: positiveInt.max(10_000).default(200),
  /** How long the replay buffer keeps an update. */
  REPLAY_TTL_SECONDS: positiveInt.default(86_400),
  /** A socket with more bytes than this waiting to be written is too slow: it is disconnected (it resumes on reconnect). */
  MAX_BUFFERED_BYTES: positiveInt.default(1_048_576),
  /** Origins allowed to open sockets from a browser (comma-separated; * for any). */
  CORS_ORIGINS: z.string().default('*'),
});
export type Env = z.infer<typeof EnvSchema>;
