import { AppId, Component, deadLetterTopic, TaskEvent, Topic } from '@taskmesh/contracts';
import { type DaprClient, eventHandler, type Logger, type Subscription } from '@taskmesh/platform';
import type { Express } from 'express';
import { scheduleNextOccurrence } from '../domain/schedule-next-occurrence';

export const taskEventsSubscription: Subscription = {
  pubsubname: Component.pubsub,
  topic: Topic.taskEvents,
  route: '/events/task-events',
  deadLetterTopic: deadLetterTopic(Topic.taskEvents, AppId.recurrenceAgent),
};

/** Reacts to task.completed of an occurrence of a series; every other event is acknowledged and ignored. */
export function handleTaskEvents(app: Express, dapr: DaprClient, logger: Logger): void {
  app.post(
    taskEventsSubscription.route,
    eventHandler(TaskEvent, logger, async (event) => {
      if (event.type !== 'task.completed') return;
      const task = event.data.after;
      if (!task.seriesId || task.occurrenceIndex === null || task.occurrenceIndex === undefined || !task.completedAt)
        return;
      await scheduleNextOccurrence(dapr, logger, {
        seriesId: task.seriesId,
        taskId: task.id,
        occurrenceIndex: task.occurrenceIndex,
        dueAt: task.dueAt,
        completedAt: task.completedAt,
      });
    }),
  );
}
