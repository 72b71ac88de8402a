import { ReminderChannel } from '@taskmesh/contracts';
import type { User } from '@taskmesh/db';
import { z } from 'zod';

export const UserView = z.object({
  id: z.string().uuid(),
  email: z.string(),
  /** Whether the owner opened a link sent to this address; reminder email goes only to a verified one. */
  emailVerified: z.boolean(),
  displayName: z.string().nullable(),
  role: z.enum(['user', 'admin']),
  timeZone: z.string(),
  defaultReminderChannels: z.array(ReminderChannel),
  /** "HH:MM": relative reminders of all-day tasks count from this time of the task's day. */
  allDayReminderTime: z.string(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;

/** A user as the API shows it: never the password hash. */
export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    emailVerified: user.emailVerifiedAt !== null,
    displayName: user.displayName,
    role: user.role,
    timeZone: user.timeZone,
    defaultReminderChannels: user.defaultReminderChannels,
    allDayReminderTime: user.allDayReminderTime,
    createdAt: user.createdAt.toISOString(),
  };
}
