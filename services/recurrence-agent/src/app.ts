import { randomUUID } from 'node:crypto';
import { Component } from '@taskmesh/contracts';
import {
  createHttpApp,
  cronBinding,
  type DaprClient,
  finish,
  type Logger,
  registerSubscriptions,
} from '@taskmesh/platform';
import type { Express } from 'express';
import { sweepRecurrences } from './domain/sweep-recurrences';
import { handleTaskEvents, taskEventsSubscription } from './events/task-events-subscription';

export interface AppDeps {
  dapr: DaprClient;
  logger: Logger;
  appApiToken?: string;
  sweepLeaseSeconds: number;
}

export function buildApp({ dapr, logger, appApiToken, sweepLeaseSeconds }: AppDeps): Express {
  // Bulk deliveries carry up to 100 events with before/after snapshots (up to
  // ~45 kB each); only the sidecar can call (app API token).
  const app = createHttpApp({ logger, appApiToken, bodyLimit: '16mb' });
  registerSubscriptions(app, [taskEventsSubscription]);
  handleTaskEvents(app, dapr, logger);
  const replicaId = randomUUID();
  cronBinding(app, Component.recurrenceSweep, logger, async () => {
    await sweepRecurrences(dapr, logger, { leaseSeconds: sweepLeaseSeconds, replicaId });
  });
  return finish(app, logger);
}
