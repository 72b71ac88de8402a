import type { Prisma, Reminder } from '@taskmesh/db';
import { syncReminders } from './sync-reminders';

/**
 * After a user changes their all-day reminder time (issue 20): their
 * reminders relative to open all-day tasks count from the new time, each
 * rescheduled (or cancelled, if now in the past) with its reminder event, as
 * a moved due date would. Absolute and snoozed reminders keep their time
 * (syncReminders leaves a snooze alone unless the due date moved).
 */
export async function retimeAllDayReminders(tx: Prisma.TransactionClient, ownerId: string, now: Date): Promise<void> {
  // Locked like any task change (in id order, as bulk changes do), so a
  // concurrent change of one of these tasks cannot interleave reminder revisions.
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT t.id::text AS id FROM tasks_api.tasks t
     WHERE t.all_day AND t.deleted_at IS NULL AND t.status <> 'done'
       AND EXISTS (SELECT 1 FROM tasks_api.reminders r
                    WHERE r.task_id = t.id AND r.owner_id = ${ownerId}::uuid AND r."offset" IS NOT NULL)
     ORDER BY t.id FOR UPDATE OF t`;
  if (locked.length === 0) return;
  const reminders = await tx.reminder.findMany({
    where: { ownerId, offset: { not: null }, taskId: { in: locked.map((task) => task.id) } },
    include: { task: true },
    orderBy: [{ taskId: 'asc' }, { createdAt: 'asc' }],
  });
  const byTask = new Map<string, { task: (typeof reminders)[number]['task']; reminders: Reminder[] }>();
  for (const { task, ...reminder } of reminders) {
    const group = byTask.get(task.id) ?? { task, reminders: [] };
    group.reminders.push(reminder);
    byTask.set(task.id, group);
  }
  for (const { task, reminders: ofTask } of byTask.values()) await syncReminders(tx, task, { now }, ofTask);
}
