import { bootService } from '@taskmesh/platform';
import { buildApp } from './app';
import { EnvSchema } from './env';

bootService(EnvSchema, async ({ env, logger, dapr }) => ({
  app: buildApp({ dapr, logger, appApiToken: env.APP_API_TOKEN, sweepLeaseSeconds: env.SWEEP_LEASE_SECONDS }),
}));
