import { AppId, Component, deadLetterTopic, TaskEvent, Topic } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import { eventHandler, type Logger, type Subscription } from '@taskmesh/platform';
import type { Express } from 'express';
import { recordAuditEntry } from '../domain/record-audit-entry';

export const taskEventsSubscription: Subscription = {
  pubsubname: Component.pubsub,
  topic: Topic.taskEvents,
  route: '/events/task-events',
  deadLetterTopic: deadLetterTopic(Topic.taskEvents, AppId.auditAgent),
};

export function handleTaskEvents(app: Express, prisma: PrismaClient, logger: Logger): void {
  app.post(
    taskEventsSubscription.route,
    eventHandler(TaskEvent, logger, async (event) => {
      const outcome = await recordAuditEntry(prisma, event);
      logger.debug({ eventId: event.id, type: event.type, outcome }, 'audit entry');
    }),
  );
}
