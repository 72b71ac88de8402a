import { createHttpApp, finish, type Logger, registerSubscriptions } from '@taskmesh/platform';
import type { Express } from 'express';
import type { ReplayBuffer } from './domain/replay-buffer';
import type { SocketHub } from './domain/socket-hub';
import { handleTaskUpdates, notificationsSubscription, taskUpdatesSubscription } from './events/subscriptions';

export interface AppDeps {
  hub: SocketHub;
  replay: ReplayBuffer;
  logger: Logger;
  appApiToken?: string;
}

/**
 * realtime-sync's HTTP side (sidecar deliveries and stats). Browsers talk to
 * the socket.io server attached to the same HTTP server (path /socket.io/),
 * which answers before these routes and the app API token check.
 */
export function buildApp({ hub, replay, logger, appApiToken }: AppDeps): Express {
  const app = createHttpApp({ logger, appApiToken });
  registerSubscriptions(app, [taskUpdatesSubscription, notificationsSubscription]);
  handleTaskUpdates(app, hub, replay, logger);
  app.get('/stats', (_req, res) => {
    res.json({ ...hub.stats, memory: process.memoryUsage() });
  });
  return finish(app, logger);
}
