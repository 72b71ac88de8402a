import { Subscriptions, TaskCompletedType, TaskTopicEvent } from '@taskmesh/contracts';
import { bulkEventHandler, type DaprClient, type Logger, type Subscription } from '@taskmesh/platform';
import type { Express } from 'express';
import { scheduleNextOccurrence } from '../domain/schedule-next-occurrence';

export const taskEventsSubscription: Subscription = Subscriptions.recurrenceAgent.taskEvents;

/**
 * Reacts to task.completed of an occurrence of a series; every other event on
 * the topic (task changes, comments, project and membership events: issue 19)
 * is parsed as a valid TaskTopicEvent, acknowledged and ignored, never sent to
 * the dead-letter topic. That includes task.restored: a restored done
 * occurrence was completed once already, and its next occurrence was made
 * then (or is made by the repair sweep, to which the restored occurrence counts again).
 */
export function handleTaskEvents(app: Express, dapr: DaprClient, logger: Logger): void {
  app.post(
    taskEventsSubscription.route,
    bulkEventHandler(TaskTopicEvent, logger, async (events) => {
      // In order: one task's events arrive in order within its partition.
      for (const event of events) {
        if (event.type !== TaskCompletedType) continue;
        const task = event.data.after;
        const index = task.occurrenceIndex;
        if (!task.seriesId || index === null || index === undefined || !task.completedAt) continue;
        await scheduleNextOccurrence(dapr, logger, {
          seriesId: task.seriesId,
          taskId: task.id,
          occurrenceIndex: index,
          dueAt: task.dueAt,
          completedAt: task.completedAt,
        });
      }
    }),
  );
}
