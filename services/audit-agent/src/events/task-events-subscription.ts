import { Subscriptions, TaskTopicEvent } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import type { OutboxRelay } from '@taskmesh/outbox';
import { bulkEventHandler, type Logger, type Subscription } from '@taskmesh/platform';
import type { Express } from 'express';
import { recordAuditEntries } from '../domain/record-audit-entries';

export const taskEventsSubscription: Subscription = Subscriptions.auditAgent.taskEvents;

/** What this process has handled since it started (GET /stats). */
export const handled = { deliveries: 0, events: 0, recorded: 0, duplicates: 0 };

export function handleTaskEvents(app: Express, prisma: PrismaClient, outbox: OutboxRelay, logger: Logger): void {
  app.post(
    taskEventsSubscription.route,
    bulkEventHandler(TaskTopicEvent, logger, async (events) => {
      const { recorded, duplicates } = await recordAuditEntries(prisma, events);
      handled.deliveries += 1;
      handled.events += events.length;
      handled.recorded += recorded;
      handled.duplicates += duplicates;
      if (recorded > 0) outbox.publishSoon();
      logger.debug({ recorded, duplicates }, 'audit entries');
    }),
  );
  app.get('/stats', (_req, res) => {
    res.json(handled);
  });
}
