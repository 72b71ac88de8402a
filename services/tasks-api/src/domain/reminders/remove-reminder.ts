import { ReminderCancelledType } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { lockOwnTask } from '../tasks/task-access';
import { recordReminderChanges } from './reminder-events';
import { findOwnReminder } from './task-reminders';

/** Deletes a reminder; if it was scheduled, reminder-agent cancels what it has not sent. */
export async function removeReminder(
  tx: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
  reminderId: string,
  now = new Date(),
): Promise<void> {
  const task = await lockOwnTask(tx, principal, taskId);
  const reminder = await findOwnReminder(tx, taskId, reminderId);
  await tx.reminder.delete({ where: { id: reminderId } });
  if (reminder.fireAt === null) return;
  await recordReminderChanges(
    tx,
    [
      {
        type: ReminderCancelledType,
        data: {
          reminderId,
          taskId,
          userId: task.ownerId,
          revision: reminder.revision + 1,
          reason: 'reminder-removed',
          occurredAt: now.toISOString(),
        },
      },
    ],
    now,
  );
}
