import { baseEnv } from '@taskmesh/platform';
import { z } from 'zod';

// z.httpUrl() wants a domain name; local setups use 127.0.0.1 and localhost.
const httpUrl = z.url({ protocol: /^https?$/ });

/** Comma-separated http(s) URLs, kept as their origins. */
const origins = z.string().transform((value, ctx) => {
  const list: string[] = [];
  for (const item of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const parsed = httpUrl.safeParse(item);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `${item} is not an http(s) URL` });
      return z.NEVER;
    }
    list.push(new URL(parsed.data).origin);
  }
  if (list.length === 0) ctx.addIssue({ code: 'custom', message: 'name at least one origin' });
  return list;
});

export const EnvSchema = z
  .object({
    ...baseEnv,
    /** Browsers reach web directly (its port, or the Ingress), so it listens beyond loopback. */
    APP_HOST: z.string().default('0.0.0.0'),
    /**
     * The origins browsers load web from (comma-separated, e.g. https://tasks.example.com).
     * Only pages from these may post to web (issue 15: CSRF); the default is this port on 127.0.0.1 and localhost.
     */
    WEB_PUBLIC_ORIGINS: origins.optional(),
    /** Where browsers open their socket.io connection to realtime-sync; empty: this origin (the Ingress routes /socket.io). */
    REALTIME_PUBLIC_URL: z.union([z.literal(''), httpUrl]).default(''),
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
    /**
     * Proxies in front of web that append to X-Forwarded-For (the Ingress
     * controller: 1; browsers straight to web's port: 0). The browser's address
     * is the one the outermost of them saw; what a browser writes itself is never
     * believed. web passes that address on to tasks-api, which limits sign-in
     * attempts per address (issue 15).
     */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** The Remix build (`npm run build -w web`). */
    BUILD_DIR: z.string().default('build'),
  })
  .transform((env) => ({
    ...env,
    WEB_PUBLIC_ORIGINS: env.WEB_PUBLIC_ORIGINS ?? [
      `http://127.0.0.1:${env.APP_PORT}`,
      `http://localhost:${env.APP_PORT}`,
    ],
  }));
export type Env = z.infer<typeof EnvSchema>;
