import { baseEnv } from '@taskmesh/platform';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/**
 * Browser origins that may open sockets (issue 15): a list, never `*`, and no
 * default, so nothing runs open by accident (dapr.yaml lists web's local
 * origins, the chart webBaseUrl). Each entry is reduced to its origin, so a
 * base URL with a path works too.
 */
const origins = z
  .string({ error: 'list the web UI origins allowed to open sockets, e.g. https://tasks.example.com' })
  .transform((value, ctx) => {
    const list: string[] = [];
    for (const entry of value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const url = URL.canParse(entry) ? new URL(entry) : undefined;
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" is not an http(s) origin (list origins; * is not allowed)`,
        });
        return z.NEVER;
      }
      list.push(url.origin);
    }
    if (list.length === 0) ctx.addIssue({ code: 'custom', message: 'list at least one origin' });
    return list;
  });

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
  /** Sockets one user may have open on one replica; a handshake beyond it is refused (issue 15). */
  MAX_SOCKETS_PER_USER: positiveInt.max(10_000).default(20),
  /** Project rooms one socket joins at most (issue 19; tasks-api lists at most 1000 memberships, in sidebar order). */
  MAX_PROJECTS_PER_SOCKET: positiveInt.max(1000).default(1000),
  /** Origins allowed to open sockets from a browser (comma-separated). Requests without an Origin (not a browser) pass. */
  CORS_ORIGINS: origins,
});
export type Env = z.infer<typeof EnvSchema>;
