import { z } from 'zod';

/** Where a reminder goes: a stored in-app notification (pushed live), an email, a web push. */
export const ReminderChannel = z.enum(['in_app', 'email', 'push']);
export type ReminderChannel = z.infer<typeof ReminderChannel>;
