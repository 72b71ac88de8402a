import { bootService } from '@taskmesh/platform';
import { buildApp } from './app';
import { EnvSchema } from './env';

bootService(EnvSchema, async ({ logger }) => ({ app: buildApp({ logger }) }));
