import { z } from 'zod';
import { Channels } from '../reminders/reminder-input';
import { TimeZone } from '../tasks/task-input';

/** A time of day, 24-hour "HH:MM" (00:00 to 23:59). */
const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM (24-hour, 00:00 to 23:59), e.g. 09:00');

/** Body of PATCH /auth/me: the user's own settings. */
export const SettingsInput = z
  .object({
    displayName: z.string().trim().min(1).max(100).nullable(),
    timeZone: TimeZone,
    defaultReminderChannels: Channels,
    /** When on its day a reminder relative to an all-day task counts from (issue 20). */
    allDayReminderTime: TimeOfDay,
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'send at least one setting to change' });
export type SettingsInput = z.infer<typeof SettingsInput>;

/** Body of POST /me/push-subscriptions: a browser's PushSubscription.toJSON(). */
export const PushSubscriptionInput = z
  .object({
    // Only the shape here: checkPushEndpoint decides whether it may be called (public https, issue 15).
    endpoint: z.string().max(2000).url('endpoint must be the push service URL of the subscription'),
    expirationTime: z.number().nullish(),
    keys: z
      .object({
        p256dh: z
          .string()
          .regex(/^[A-Za-z0-9_-]{86,88}={0,2}$/, 'keys.p256dh must be the base64url P-256 public key (65 bytes)'),
        auth: z.string().regex(/^[A-Za-z0-9_-]{22,24}={0,2}$/, 'keys.auth must be the base64url 16-byte auth secret'),
      })
      .strict(),
  })
  .strict();
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionInput>;

export const PushSubscriptionView = z.object({
  id: z.string().uuid(),
  endpoint: z.string(),
  createdAt: z.string(),
});
export type PushSubscriptionView = z.infer<typeof PushSubscriptionView>;
