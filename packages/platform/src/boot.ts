import type { Server } from 'node:http';
import type { Express } from 'express';
import type { z } from 'zod';
import { admissionGate } from './admission';
import { createDaprClient, type DaprClient } from './dapr';
import { parseEnv } from './env';
import { runServer } from './http';
import { createLogger, type Logger } from './logger';
import { startMetricsServer } from './metrics';

interface BaseEnv {
  APP_ID: string;
  APP_PORT: number;
  APP_HOST: string;
  DAPR_HTTP_PORT: number;
  DAPR_API_TOKEN?: string;
  LOG_LEVEL: string;
  SHUTDOWN_TIMEOUT_MS: number;
  METRICS_PORT?: number;
  METRICS_HOST: string;
  ADMISSION_MAX_IN_FLIGHT: number;
  ADMISSION_MAX_QUEUED: number;
  ADMISSION_MAX_WAIT_MS: number;
}

export interface ServiceContext<TEnv> {
  env: TEnv;
  logger: Logger;
  dapr: DaprClient;
}

export interface BuiltService {
  app: Express;
  onShutdown?: () => Promise<void>;
  /** Called with the HTTP server once it listens (realtime-sync attaches socket.io to it). */
  onListening?: (server: Server) => void;
}

/**
 * The start-up every service shares: validate the environment (exit on bad
 * fields), wait for the sidecar, build the app, listen, and shut down
 * gracefully on SIGTERM/SIGINT.
 */
export function bootService<TSchema extends z.ZodType<BaseEnv>>(
  envSchema: TSchema,
  build: (context: ServiceContext<z.infer<TSchema>>) => Promise<BuiltService>,
): void {
  const env = parseEnv(envSchema) as z.infer<TSchema>;
  const logger = createLogger(env.APP_ID, env.LOG_LEVEL);
  const dapr = createDaprClient({
    httpPort: env.DAPR_HTTP_PORT,
    apiToken: env.DAPR_API_TOKEN,
    logger,
  });
  if (env.METRICS_PORT) startMetricsServer({ host: env.METRICS_HOST, port: env.METRICS_PORT, logger });
  (async () => {
    await dapr.waitForSidecar();
    const { app, onShutdown, onListening } = await build({ env, logger, dapr });
    if (env.ADMISSION_MAX_IN_FLIGHT > 0)
      app.locals.admission = admissionGate({
        maxInFlight: env.ADMISSION_MAX_IN_FLIGHT,
        maxQueued: env.ADMISSION_MAX_QUEUED,
        maxWaitMs: env.ADMISSION_MAX_WAIT_MS,
      });
    const server = runServer({
      app,
      host: env.APP_HOST,
      port: env.APP_PORT,
      logger,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      onShutdown,
    });
    onListening?.(server);
  })().catch((error) => {
    logger.fatal({ err: error }, 'failed to start');
    process.exit(1);
  });
}
