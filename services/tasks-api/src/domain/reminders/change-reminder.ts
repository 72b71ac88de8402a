import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { lockTask } from '../tasks/task-access';
import { type ReminderPatch, timingColumns } from './reminder-input';
import { pastGraceMs } from './reminder-timing';
import type { ReminderView } from './reminder-view';
import { syncReminders } from './sync-reminders';
import { findOwnReminder, reminderViews } from './task-reminders';

/** Changes a reminder's time or channels and reschedules it. */
export async function changeReminder(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  reminderId: string,
  patch: ReminderPatch,
  now = new Date(),
): Promise<ReminderView> {
  const { task } = await lockTask(tx, principal, taskId, 'remind');
  await findOwnReminder(tx, taskId, reminderId, principal.userId);
  if (patch.at && new Date(patch.at).getTime() < now.getTime() - pastGraceMs)
    throw new AppError(ErrorCode.validation, 'A reminder cannot be set in the past', {
      errors: [{ field: 'at', message: 'must be in the future' }],
    });
  const timing = patch.at || patch.beforeDue || patch.afterDue ? timingColumns(patch) : {};
  const updated = await tx.reminder.update({
    where: { id: reminderId },
    data: {
      ...timing,
      ...(patch.channels ? { channels: patch.channels } : {}),
      // A new time ends a snooze.
      ...(Object.keys(timing).length > 0 ? { snoozedUntil: null } : {}),
      updatedAt: now,
    },
  });
  await syncReminders(tx, task, { now, force: patch.channels !== undefined }, [updated]);
  const [view] = await reminderViews(tx, taskId, principal.userId, [reminderId], now);
  return view as ReminderView;
}
