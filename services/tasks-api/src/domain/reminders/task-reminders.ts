import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { readableTask } from '../tasks/get-task';
import { type ReminderView, toReminderView } from './reminder-view';

/** A task has at most this many reminders per member. */
export const maxRemindersPerTask = 20;

/** Views of one member's reminders of one task, as stored now. */
export async function reminderViews(
  tx: Prisma.TransactionClient,
  taskId: string,
  ownerId: string,
  reminderIds?: string[],
  now = new Date(),
): Promise<ReminderView[]> {
  const task = await tx.task.findUniqueOrThrow({ where: { id: taskId } });
  const owner = await tx.user.findUniqueOrThrow({ where: { id: ownerId } });
  const reminders = await tx.reminder.findMany({
    where: { taskId, ownerId, ...(reminderIds ? { id: { in: reminderIds } } : {}) },
    include: { deliveries: true },
    // In the order they fire; inactive ones last.
    orderBy: [{ fireAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }],
  });
  return reminders.map((reminder) => toReminderView(reminder, task, owner, now));
}

/** One of the member's own reminders: another member's reminder is 404 (reminders are personal). */
export async function findOwnReminder(
  tx: Prisma.TransactionClient,
  taskId: string,
  reminderId: string,
  ownerId: string,
) {
  const reminder = await tx.reminder.findFirst({ where: { id: reminderId, taskId, ownerId } });
  if (!reminder) throw new AppError(ErrorCode.notFound, 'Reminder not found');
  return reminder;
}

/** Lists the principal's own reminders of a task they may see (GET /tasks/:id/reminders). */
export async function listReminders(
  prisma: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
): Promise<ReminderView[]> {
  await readableTask(prisma, principal, taskId);
  return reminderViews(prisma, taskId, principal.userId);
}
