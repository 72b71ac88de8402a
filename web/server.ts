import { baseEnv, bootService, createHttpApp, finish } from '@taskmesh/platform';
import { z } from 'zod';

const EnvSchema = z.object({ ...baseEnv, APP_HOST: z.string().default('0.0.0.0') });

/**
 * The walking skeleton of the web app: it starts with its sidecar and reports
 * healthy. The Remix UI (tasks, search, realtime updates) arrives with its own
 * issue and replaces this server.
 */
bootService(EnvSchema, async ({ logger }) => {
  // Browsers reach web directly (its port, or the Ingress), so its pages are
  // not behind the app API token: that token proves a caller is web's own
  // sidecar, and nothing invokes web through Dapr. web reaches everything else
  // through its sidecar.
  const app = createHttpApp({ logger });
  app.get('/', (_req, res) => {
    res.type('text/plain').send('Taskmesh web: the UI is not built yet. The API is reachable through Dapr.\n');
  });
  return { app: finish(app, logger) };
});
