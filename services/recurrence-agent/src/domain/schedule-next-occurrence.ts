import { AppId } from '@taskmesh/contracts';
import { type DaprClient, invocationPath, type Logger } from '@taskmesh/platform';
import { buildSeries, nextOccurrence, RecurrenceRuleError, StepBudget } from '@taskmesh/recurrence';

export interface CompletedOccurrence {
  seriesId: string;
  taskId: string;
  occurrenceIndex: number;
  dueAt: string | null;
  completedAt: string;
}

interface SeriesView {
  rrule: string;
  timeZone: string;
  anchor: string;
  mode: 'fixed' | 'afterCompletion';
  endedAt: string | null;
}

/**
 * Computes the occurrence after a completed one and asks tasks-api (through
 * Dapr) to create it. The Idempotency-Key names the series and the
 * occurrence, and tasks-api keeps one task per (series, occurrence): a
 * redelivered event, a second replica or complete/reopen/complete all end in
 * the same single next occurrence.
 */
export async function scheduleNextOccurrence(
  dapr: DaprClient,
  logger: Logger,
  done: CompletedOccurrence,
): Promise<'created' | 'existed' | 'series-ended' | 'rule-refused'> {
  const seriesResponse = await dapr.invoke(AppId.tasksApi, invocationPath`internal/series/${done.seriesId}`);
  if (seriesResponse.status === 404) return 'series-ended';
  if (!seriesResponse.ok) throw new Error(`reading series ${done.seriesId}: HTTP ${seriesResponse.status}`);
  const view = (await seriesResponse.json()) as SeriesView;
  if (view.endedAt) return 'series-ended';
  const next = computeNext(view, done);
  if (next === 'rule-refused') {
    logger.error({ seriesId: done.seriesId, rrule: view.rrule }, 'series rule refused; no next occurrence is created');
    return next;
  }
  if (!next) return 'series-ended';
  const occurrenceIndex = done.occurrenceIndex + 1;
  const response = await dapr.invoke(AppId.tasksApi, invocationPath`internal/series/${done.seriesId}/occurrences`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `series:${done.seriesId}:occurrence:${occurrenceIndex}`,
    },
    body: JSON.stringify({ afterTaskId: done.taskId, occurrenceIndex, dueAt: next.toISOString() }),
  });
  if (response.status === 409) return 'series-ended';
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(
      `creating occurrence ${occurrenceIndex} of ${done.seriesId}: HTTP ${response.status} ${await response.text()}`,
    );
  }
  const outcome = response.status === 201 ? 'created' : 'existed';
  logger.info({ seriesId: done.seriesId, occurrenceIndex, dueAt: next.toISOString(), outcome }, 'next occurrence');
  return outcome;
}

/**
 * The next occurrence, within one step budget for building and stepping
 * (issue 15). A rule refused now (out of steps, or outside limits set after it
 * was saved) is 'rule-refused': retrying the event cannot change that, and
 * throwing would hold up the other events in the batch and the repair sweep.
 */
function computeNext(view: SeriesView, done: CompletedOccurrence): Date | undefined | 'rule-refused' {
  const budget = new StepBudget();
  try {
    const series = buildSeries(
      { rrule: view.rrule, timeZone: view.timeZone, anchor: view.anchor, mode: view.mode },
      budget,
    );
    const completedAt = new Date(done.completedAt);
    const scheduledAt = done.dueAt ? new Date(done.dueAt) : completedAt;
    return nextOccurrence(series, { scheduledAt, completedAt }, budget);
  } catch (error) {
    if (error instanceof RecurrenceRuleError) return 'rule-refused';
    throw error;
  }
}
