import { bootService } from '@taskmesh/platform';
import { buildApp } from './app';
import { EnvSchema } from './env';

bootService(EnvSchema, async ({ env, logger }) => ({ app: buildApp({ logger, appApiToken: env.APP_API_TOKEN }) }));
