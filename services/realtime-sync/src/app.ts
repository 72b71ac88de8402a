import { createHttpApp, finish, type Logger } from '@taskmesh/platform';
import type { Express } from 'express';

/**
 * The walking skeleton of realtime-sync: it starts with its sidecar and
 * reports healthy. The socket.io server and the task-updates subscription
 * arrive with issue #7.
 */
export function buildApp({ logger, appApiToken }: { logger: Logger; appApiToken?: string }): Express {
  return finish(createHttpApp({ logger, appApiToken }), logger);
}
