import { AppId, bulkSubscription, TaskEvent, Topic } from '@taskmesh/contracts';
import { bulkEventHandler, type DaprClient, type Logger, type Subscription } from '@taskmesh/platform';
import type { Express } from 'express';
import { scheduleNextOccurrence } from '../domain/schedule-next-occurrence';

/**
 * Bulk subscription: most task events are not completions of a recurring
 * task, and acknowledging them in batches keeps this agent's (and its
 * sidecar's) share of the CPU small under load.
 */
export const taskEventsSubscription: Subscription = bulkSubscription(Topic.taskEvents, AppId.recurrenceAgent, {
  maxMessagesCount: 100,
  maxAwaitDurationMs: 20,
});

/**
 * Reacts to task.completed of an occurrence of a series; every other event is
 * acknowledged and ignored. That includes task.restored: a restored done
 * occurrence was completed once already, and its next occurrence was made
 * then (or is made by the repair sweep, to which the restored occurrence counts again).
 */
export function handleTaskEvents(app: Express, dapr: DaprClient, logger: Logger): void {
  app.post(
    taskEventsSubscription.route,
    bulkEventHandler(TaskEvent, logger, async (events) => {
      // In order: one task's events arrive in order within its partition.
      for (const event of events) {
        if (event.type !== 'task.completed') continue;
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
