import { Subscriptions, TaskTopicEvent } from '@taskmesh/contracts';
import type { PrismaClient } from '@taskmesh/db';
import { bulkEventHandler, type Logger, type Subscription } from '@taskmesh/platform';
import type { Express } from 'express';
import type { DeliverySender } from '../domain/deliveries/delivery-sender';
import { fanOutEvents } from '../domain/deliveries/fan-out-events';
import type { ProjectMembers } from '../domain/project-access';

export const taskEventsSubscription: Subscription = Subscriptions.webhookAgent.taskEvents;

/** What this process has handled since it started (GET /stats). */
export const handled = { deliveries: 0, events: 0, queued: 0 };

/**
 * Task, comment and project events become deliveries to the webhooks that
 * want them; sending happens after the commit, never while Dapr waits (a
 * slow receiver must not hold the topic back).
 */
export function handleTaskEvents(
  app: Express,
  prisma: PrismaClient,
  members: ProjectMembers,
  sender: DeliverySender,
  logger: Logger,
): void {
  app.post(
    taskEventsSubscription.route,
    bulkEventHandler(TaskTopicEvent, logger, async (events) => {
      const { queued } = await fanOutEvents(prisma, members, events);
      handled.deliveries += 1;
      handled.events += events.length;
      handled.queued += queued;
      if (queued > 0) sender.soon();
    }),
  );
}
