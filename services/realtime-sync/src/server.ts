import { bootService } from '@taskmesh/platform';
import { buildApp } from './app';
import { EnvSchema } from './env';

// Browsers connect to realtime-sync directly (socket.io), so it listens beyond loopback.
bootService(EnvSchema, async ({ logger, env }) => ({
  app: buildApp({ logger, appApiToken: env.APP_API_TOKEN }),
  host: env.APP_HOST,
}));
