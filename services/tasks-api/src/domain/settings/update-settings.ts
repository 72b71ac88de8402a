import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { toUserView, type UserView } from '../auth/user-view';
import { retimeAllDayReminders } from '../reminders/retime-all-day-reminders';
import type { SettingsInput } from './settings-input';

/**
 * Changes the signed-in user's settings (display name, time zone, default
 * reminder channels, all-day reminder time). A new all-day reminder time moves
 * their pending reminders relative to all-day tasks in the same transaction.
 */
export async function updateSettings(
  tx: Prisma.TransactionClient,
  principal: Principal,
  input: SettingsInput,
  now = new Date(),
): Promise<UserView> {
  const before = await tx.user.findUniqueOrThrow({ where: { id: principal.userId } });
  const user = await tx.user.update({ where: { id: principal.userId }, data: input });
  if (user.allDayReminderTime !== before.allDayReminderTime) await retimeAllDayReminders(tx, user.id, now);
  return toUserView(user);
}
