import { AppId, bulkSubscription, TaskEvent, Topic } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import type { OutboxRelay } from '@taskmesh/outbox';
import { bulkEventHandler, type Logger, type Subscription } from '@taskmesh/platform';
import type { Express } from 'express';
import { recordAuditEntries } from '../domain/record-audit-entries';

/**
 * Bulk subscription: Dapr hands over up to 500 events at a time, stored with
 * one INSERT. Poison events go to the dead-letter topic one by one.
 */
export const taskEventsSubscription: Subscription = bulkSubscription(Topic.taskEvents, AppId.auditAgent, {
  maxMessagesCount: 500,
  maxAwaitDurationMs: 50,
});

/** What this process has handled since it started (GET /stats). */
export const handled = { deliveries: 0, events: 0, recorded: 0, duplicates: 0 };

export function handleTaskEvents(app: Express, prisma: PrismaClient, outbox: OutboxRelay, logger: Logger): void {
  app.post(
    taskEventsSubscription.route,
    bulkEventHandler(TaskEvent, logger, async (events) => {
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
