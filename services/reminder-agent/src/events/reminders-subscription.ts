import { ReminderTopicEvent, Subscriptions } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import { bulkEventHandler, type Logger, type Subscription } from '@taskmesh/platform';
import type { Express } from 'express';
import { applyReminderEvents } from '../domain/apply-reminder-events';

export const remindersSubscription: Subscription = Subscriptions.reminderAgent.reminders;

export function handleReminderEvents(
  app: Express,
  prisma: PrismaClient,
  logger: Logger,
  onScheduled: () => void,
): void {
  app.post(
    remindersSubscription.route,
    bulkEventHandler(ReminderTopicEvent, logger, async (events) => {
      const applied = await applyReminderEvents(prisma, events);
      if (applied > 0) {
        logger.debug({ events: events.length, applied }, 'reminder schedule updated');
        // A reminder due now (or already) goes out without waiting for the next cron tick.
        onScheduled();
      }
    }),
  );
}
