import { AppId, Component } from '@taskmesh/contracts';
import { type DaprClient, DaprError, invocationPath, type Logger } from '@taskmesh/platform';
import { type CompletedOccurrence, scheduleNextOccurrence } from './schedule-next-occurrence';

const LEASE_KEY = 'recurrence-agent:sweep-lease';

/**
 * One tick of the recurrence-sweep cron binding: creates next occurrences that
 * are missing (the agent was down when a task was completed, or the event was
 * lost). The binding fires on every replica; a lease in the Dapr state store
 * (written only if absent, expiring on its own) lets one replica sweep at a
 * time; it is released when the sweep ends and expires by itself if the
 * holder dies. tasks-api's one-task-per-occurrence rule makes a rare overlap
 * harmless.
 */
export async function sweepRecurrences(
  dapr: DaprClient,
  logger: Logger,
  { leaseSeconds, replicaId }: { leaseSeconds: number; replicaId: string },
): Promise<{ swept: boolean; created: number }> {
  try {
    await dapr.saveState(Component.stateStore, [
      {
        key: LEASE_KEY,
        value: { replicaId, at: new Date().toISOString() },
        onlyIfAbsent: true,
        ttlSeconds: leaseSeconds,
      },
    ]);
  } catch (error) {
    if (error instanceof DaprError && (error.status === 409 || error.status === 500)) {
      logger.debug('another replica holds the sweep lease');
      return { swept: false, created: 0 };
    }
    throw error;
  }
  try {
    const response = await dapr.invoke(AppId.tasksApi, invocationPath`internal/series-missing-next`, {
      query: { limit: '200' },
    });
    if (!response.ok) throw new Error(`listing series to repair: HTTP ${response.status}`);
    const { items } = (await response.json()) as { items: Array<CompletedOccurrence & { completedAt: string }> };
    let created = 0;
    for (const item of items) {
      if ((await scheduleNextOccurrence(dapr, logger, item)) === 'created') created += 1;
    }
    if (items.length > 0) logger.info({ candidates: items.length, created }, 'recurrence sweep');
    return { swept: true, created };
  } finally {
    await dapr.deleteState(Component.stateStore, LEASE_KEY);
  }
}
