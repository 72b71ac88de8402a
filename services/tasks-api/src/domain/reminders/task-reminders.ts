import type { Prisma } from '@taskmesh/db';
import { AppError, ErrorCode, type Principal } from '@taskmesh/platform';
import { type ReminderView, toReminderView } from './reminder-view';

/** A task has at most this many reminders. */
export const maxRemindersPerTask = 20;

/** Views of reminders of one task, as stored now. */
export async function reminderViews(
  tx: Prisma.TransactionClient,
  taskId: string,
  reminderIds?: string[],
  now = new Date(),
): Promise<ReminderView[]> {
  const task = await tx.task.findUniqueOrThrow({ where: { id: taskId }, include: { owner: true } });
  const reminders = await tx.reminder.findMany({
    where: { taskId, ...(reminderIds ? { id: { in: reminderIds } } : {}) },
    include: { deliveries: true },
    // In the order they fire; inactive ones last.
    orderBy: [{ fireAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }],
  });
  return reminders.map((reminder) => toReminderView(reminder, task, task.owner.timeZone, now));
}

export async function findOwnReminder(tx: Prisma.TransactionClient, taskId: string, reminderId: string) {
  const reminder = await tx.reminder.findFirst({ where: { id: reminderId, taskId } });
  if (!reminder) throw new AppError(ErrorCode.notFound, 'Reminder not found');
  return reminder;
}

/** Lists a task's reminders (GET /tasks/:id/reminders). */
export async function listReminders(
  prisma: Prisma.TransactionClient,
  principal: Principal,
  taskId: string,
): Promise<ReminderView[]> {
  const task = await prisma.task.findFirst({ where: { id: taskId, ownerId: principal.userId, deletedAt: null } });
  if (!task) throw new AppError(ErrorCode.notFound, 'Task not found');
  return reminderViews(prisma, taskId);
}
