import type { Logger } from '@taskmesh/platform';

/**
 * One tick of the reminder-sweep cron binding (every second). Finding and
 * claiming due reminders arrives with issue #6; the walking skeleton proves
 * the binding reaches the agent.
 */
export async function sweepDueReminders(logger: Logger): Promise<void> {
  logger.trace('reminder sweep tick');
}
