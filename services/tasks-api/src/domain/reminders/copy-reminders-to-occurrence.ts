import type { Prisma, Task } from '@taskmesh/db';
import { isStorableInstant } from '@taskmesh/platform';
import { shiftAbsolute } from './reminder-timing';
import { syncReminders } from './sync-reminders';

/**
 * Gives a new occurrence of a recurring task its own reminders: the previous
 * occurrence's, with relative ones unchanged (they follow the new due date)
 * and absolute ones shifted by the same wall-clock distance to the due date.
 * Snoozes and delivery history stay with the previous occurrence.
 */
export async function copyRemindersToOccurrence(
  tx: Prisma.TransactionClient,
  previous: Task,
  next: Task,
  now: Date,
): Promise<void> {
  // Each member's own reminders (issue 19), for members who still see the project.
  const members = await tx.projectMember.findMany({
    where: { projectId: next.projectId },
    select: { user: { select: { id: true, timeZone: true } } },
  });
  const zoneOf = new Map(members.map(({ user }) => [user.id, user.timeZone] as const));
  const reminders = await tx.reminder.findMany({
    where: { taskId: previous.id, ownerId: { in: [...zoneOf.keys()] } },
    orderBy: { createdAt: 'asc' },
  });
  if (reminders.length === 0) return;
  const data = [];
  for (const reminder of reminders) {
    const zone = next.timeZone ?? zoneOf.get(reminder.ownerId) ?? 'UTC';
    let at = reminder.at;
    if (at) {
      // Without due dates to measure from, an absolute reminder has no place on the new occurrence.
      if (!previous.dueAt || !next.dueAt) continue;
      at = shiftAbsolute(at, previous.dueAt, next.dueAt, zone);
      // Nor has one that would fall after year 9999, which nothing can store (issue 15).
      if (!isStorableInstant(at)) continue;
    }
    data.push({
      taskId: next.id,
      ownerId: reminder.ownerId,
      at,
      offset: reminder.offset,
      direction: reminder.direction,
      channels: reminder.channels,
      createdAt: now,
      updatedAt: now,
    });
  }
  const copies = await tx.reminder.createManyAndReturn({ data });
  await syncReminders(tx, next, { now }, copies);
}
