import { ReminderFailedType, ReminderSentType, ReminderTopicEvent, Subscriptions } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import { bulkEventHandler, type Logger, type Subscription } from '@taskmesh/platform';
import type { Express } from 'express';
import { type DeliveryReport, recordDeliveryReports } from '../domain/reminders/record-delivery-reports';

export const remindersSubscription: Subscription = Subscriptions.tasksApi.reminders;

export function handleReminderEvents(app: Express, prisma: PrismaClient, logger: Logger): void {
  app.post(
    remindersSubscription.route,
    bulkEventHandler(ReminderTopicEvent, logger, async (events) => {
      // The topic also carries what tasks-api itself published (scheduled, cancelled, push subscriptions).
      const reports: DeliveryReport[] = [];
      for (const event of events) {
        if (event.type === ReminderSentType) reports.push({ outcome: 'sent', data: event.data });
        else if (event.type === ReminderFailedType) reports.push({ outcome: 'failed', data: event.data });
      }
      const recorded = await recordDeliveryReports(prisma, reports);
      if (reports.length > 0) logger.debug({ reports: reports.length, recorded }, 'reminder delivery reports');
    }),
  );
}
