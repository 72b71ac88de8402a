import type { Prisma, Task } from '@taskmesh/db';
import { AppError, ErrorCode } from '@taskmesh/platform';
import { type ReminderInput, timingColumns } from './reminder-input';
import { pastGraceMs } from './reminder-timing';
import { syncReminders } from './sync-reminders';
import { maxRemindersPerTask } from './task-reminders';

/**
 * Adds `ownerId`'s reminders to a task (locked by the caller) and schedules
 * them. Reminders are personal (issue 19): each member of a shared project
 * sets their own, delivered to them. Channels default to that member's default channels. An absolute time in the past is
 * refused; a relative one that lands in the past is kept but inactive.
 */
export async function addReminders(
  tx: Prisma.TransactionClient,
  task: Task,
  inputs: ReminderInput[],
  { ownerId, now = new Date(), field = 'at' }: { ownerId: string; now?: Date; field?: string },
): Promise<string[]> {
  if (inputs.length === 0) return [];
  const existing = await tx.reminder.count({ where: { taskId: task.id, ownerId } });
  if (existing + inputs.length > maxRemindersPerTask)
    throw new AppError(ErrorCode.validation, `A task has at most ${maxRemindersPerTask} reminders`, {
      errors: [{ field: field === 'at' ? 'reminders' : field, message: `at most ${maxRemindersPerTask} reminders` }],
    });
  inputs.forEach((input, i) => {
    if (input.at && new Date(input.at).getTime() < now.getTime() - pastGraceMs)
      throw new AppError(ErrorCode.validation, 'A reminder cannot be set in the past', {
        errors: [{ field: field === 'at' ? 'at' : `${field}.${i}.at`, message: 'must be in the future' }],
      });
  });
  const owner = await tx.user.findUniqueOrThrow({ where: { id: ownerId } });
  const created = await tx.reminder.createManyAndReturn({
    data: inputs.map((input) => ({
      taskId: task.id,
      ownerId,
      ...timingColumns(input),
      channels: input.channels ?? owner.defaultReminderChannels,
      createdAt: now,
      updatedAt: now,
    })),
  });
  await syncReminders(tx, task, { now }, created);
  return created.map((reminder) => reminder.id);
}
