import { Component } from '@taskmesh/contracts';
import { createHttpApp, cronBinding, finish, type Logger } from '@taskmesh/platform';
import type { Express } from 'express';
import { sweepRecurrences } from './domain/sweep-recurrences';

export function buildApp({ logger }: { logger: Logger }): Express {
  const app = createHttpApp({ logger });
  cronBinding(app, Component.recurrenceSweep, logger, () => sweepRecurrences(logger));
  return finish(app, logger);
}
