import { Component } from '@taskmesh/contracts';
import { createHttpApp, cronBinding, finish, type Logger } from '@taskmesh/platform';
import type { Express } from 'express';
import { sweepRecurrences } from './domain/sweep-recurrences';

export function buildApp({ logger, appApiToken }: { logger: Logger; appApiToken?: string }): Express {
  const app = createHttpApp({ logger, appApiToken });
  cronBinding(app, Component.recurrenceSweep, logger, () => sweepRecurrences(logger));
  return finish(app, logger);
}
