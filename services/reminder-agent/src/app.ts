import { Component } from '@taskmesh/contracts';
import { createHttpApp, cronBinding, finish, type Logger } from '@taskmesh/platform';
import type { Express } from 'express';
import { sweepDueReminders } from './domain/sweep-due-reminders';

export function buildApp({ logger, appApiToken }: { logger: Logger; appApiToken?: string }): Express {
  const app = createHttpApp({ logger, appApiToken });
  cronBinding(app, Component.reminderSweep, logger, () => sweepDueReminders(logger));
  return finish(app, logger);
}
