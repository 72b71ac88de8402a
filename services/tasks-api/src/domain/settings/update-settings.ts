import type { Prisma } from '@taskmesh/db';
import type { Principal } from '@taskmesh/platform';
import { toUserView, type UserView } from '../auth/user-view';
import type { SettingsInput } from './settings-input';

/** Changes the signed-in user's settings (display name, time zone, default reminder channels). */
export async function updateSettings(
  tx: Prisma.TransactionClient,
  principal: Principal,
  input: SettingsInput,
): Promise<UserView> {
  const user = await tx.user.update({ where: { id: principal.userId }, data: input });
  return toUserView(user);
}
