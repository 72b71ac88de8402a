import path from 'node:path';
import type { ServerBuild } from '@remix-run/node';
import { Component, Secret } from '@taskmesh/contracts';
import { bootService } from '@taskmesh/platform';
import { buildApp } from './src/app';
import { EnvSchema } from './src/env';

bootService(EnvSchema, async ({ env, logger, dapr }) => {
  const buildDir = path.resolve(__dirname, env.BUILD_DIR);
  // The server build is an ES module; web runs as CommonJS, so it is imported, not required.
  const build = (await import(path.join(buildDir, 'server', 'index.mjs'))) as ServerBuild;
  const sessionSecret = await dapr.getSecret(Component.secretStore, Secret.webSessionSecret);
  const app = buildApp({
    build,
    clientDir: path.join(buildDir, 'client'),
    logger,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    publicOrigins: env.WEB_PUBLIC_ORIGINS,
    context: {
      dapr,
      logger,
      config: {
        sessionSecret,
        sessionTtlSeconds: env.SESSION_TTL_SECONDS,
        cookieSecure: env.SESSION_COOKIE_SECURE,
        realtimeUrl: env.REALTIME_PUBLIC_URL,
      },
    },
  });
  return { app };
});
