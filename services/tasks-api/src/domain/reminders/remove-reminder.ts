import { ReminderCancelledType } from '@taskmesh/contracts';
import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { lockTask } from '../tasks/task-access';
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
  await lockTask(tx, principal, taskId, 'remind');
  const reminder = await findOwnReminder(tx, taskId, reminderId, principal.userId);
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
          userId: reminder.ownerId,
          revision: reminder.revision + 1,
          reason: 'reminder-removed',
          occurredAt: now.toISOString(),
        },
      },
    ],
    now,
  );
}
