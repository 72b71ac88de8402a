import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { DateTime } from 'luxon';
import { lockTask } from '../tasks/task-access';
import { parseOffset } from './reminder-timing';
import type { ReminderView } from './reminder-view';
import { syncReminders } from './sync-reminders';
import { findOwnReminder, reminderViews } from './task-reminders';

/**
 * Snoozes a reminder that has gone out: it fires again, on the same channels,
 * `duration` from now. Only a reminder that has fired can be snoozed.
 */
export async function snoozeReminder(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  reminderId: string,
  duration: string,
  now = new Date(),
): Promise<ReminderView> {
  const { task } = await lockTask(tx, principal, taskId, 'remind');
  const reminder = await findOwnReminder(tx, taskId, reminderId, principal.userId);
  if (task.status === 'done')
    throw new AppError(ErrorCode.conflict, 'The task is done; reopen it to be reminded again');
  if (!reminder.fireAt || reminder.fireAt.getTime() > now.getTime())
    throw new AppError(ErrorCode.conflict, 'Only a reminder that has gone out can be snoozed');
  // Calendar terms in the task's zone: snoozing P1D at 09:00 means 09:00 tomorrow.
  const until = DateTime.fromJSDate(now, { zone: task.timeZone ?? 'UTC' })
    .plus(parseOffset(duration) ?? {})
    .toJSDate();
  const updated = await tx.reminder.update({
    where: { id: reminderId },
    data: { snoozedUntil: until, updatedAt: now },
  });
  await syncReminders(tx, task, { now }, [updated]);
  const [view] = await reminderViews(tx, taskId, principal.userId, [reminderId], now);
  return view as ReminderView;
}
