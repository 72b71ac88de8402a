import { z } from 'zod';
import { EmailVerificationRequested, EmailVerified, PasswordResetRequested } from './account-email';
import { NotificationRequested } from './notification-requested';
import { PushSubscriptionRegistered, PushSubscriptionRemoved } from './push-subscription';
import { ReminderCancelled } from './reminder-cancelled';
import { ReminderFailed, ReminderSent } from './reminder-delivered';
import { ReminderScheduled } from './reminder-scheduled';

/**
 * Any event on the reminders topic; each consumer acts on the types it owns and
 * skips the rest. Account email (verification, password reset) rides here too:
 * reminder-agent is the one that sends email.
 */
export const ReminderTopicEvent = z.discriminatedUnion('type', [
  ReminderScheduled,
  ReminderCancelled,
  ReminderSent,
  ReminderFailed,
  PushSubscriptionRegistered,
  PushSubscriptionRemoved,
  EmailVerificationRequested,
  PasswordResetRequested,
  EmailVerified,
  NotificationRequested,
]);
export type ReminderTopicEvent = z.infer<typeof ReminderTopicEvent>;
