import { createHttpApp, finish, type Logger, registerSubscriptions } from '@taskmesh/platform';
import type { Express } from 'express';
import type { EndedSessions } from './domain/ended-sessions';
import type { SocketHub } from './domain/socket-hub';
import {
  handleSessionEvents,
  handleTaskUpdates,
  notificationsSubscription,
  type Replays,
  sessionsSubscription,
  taskUpdatesSubscription,
} from './events/subscriptions';

export interface AppDeps {
  hub: SocketHub;
  replays: Replays;
  endedSessions: EndedSessions;
  logger: Logger;
  appApiToken?: string;
}

/**
 * realtime-sync's HTTP side (sidecar deliveries and stats). Browsers talk to
 * the socket.io server attached to the same HTTP server (path /socket.io/),
 * which answers before these routes and the app API token check.
 */
export function buildApp({ hub, replays, endedSessions, logger, appApiToken }: AppDeps): Express {
  const app = createHttpApp({ logger, appApiToken });
  registerSubscriptions(app, [taskUpdatesSubscription, notificationsSubscription, sessionsSubscription]);
  handleTaskUpdates(app, hub, replays, logger);
  handleSessionEvents(app, hub, endedSessions, logger);
  app.get('/stats', (_req, res) => {
    res.json({ ...hub.stats, memory: process.memoryUsage() });
  });
  return finish(app, logger);
}
