import { Component } from '@taskmesh/contracts';
import { createHttpApp, cronBinding, finish, type Logger } from '@taskmesh/platform';
import type { Express } from 'express';
import { sweepDueReminders } from './domain/sweep-due-reminders';

export function buildApp({ logger }: { logger: Logger }): Express {
  const app = createHttpApp({ logger });
  cronBinding(app, Component.reminderSweep, logger, () => sweepDueReminders(logger));
  return finish(app, logger);
}
