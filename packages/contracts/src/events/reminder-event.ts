import { z } from 'zod';
import { PushSubscriptionRegistered, PushSubscriptionRemoved } from './push-subscription';
import { ReminderCancelled } from './reminder-cancelled';
import { ReminderFailed, ReminderSent } from './reminder-delivered';
import { ReminderScheduled } from './reminder-scheduled';

/** Any event on the reminders topic; each consumer acts on the types it owns and skips the rest. */
export const ReminderTopicEvent = z.discriminatedUnion('type', [
  ReminderScheduled,
  ReminderCancelled,
  ReminderSent,
  ReminderFailed,
  PushSubscriptionRegistered,
  PushSubscriptionRemoved,
]);
export type ReminderTopicEvent = z.infer<typeof ReminderTopicEvent>;
