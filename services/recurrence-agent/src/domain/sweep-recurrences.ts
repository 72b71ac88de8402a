import type { Logger } from '@taskmesh/platform';

/**
 * One tick of the recurrence-sweep cron binding. The repair logic (series whose
 * next occurrence is missing, claimed exclusively) arrives with issue #5; the
 * walking skeleton proves the binding reaches the agent.
 */
export async function sweepRecurrences(logger: Logger): Promise<void> {
  logger.info('recurrence sweep tick');
}
