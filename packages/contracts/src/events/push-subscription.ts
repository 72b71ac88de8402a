import { z } from 'zod';
import { cloudEvent } from './envelope';

/**
 * A browser's web-push subscription (the PushSubscription JSON), registered with
 * tasks-api; reminder-agent keeps a copy to send to. Partition key: the user id.
 */
export const PushSubscriptionRegisteredType = 'push-subscription.registered';
export const PushSubscriptionRegisteredData = z.object({
  subscriptionId: z.string().uuid(),
  userId: z.string().uuid(),
  endpoint: z.string().url(),
  keys: z.object({ p256dh: z.string(), auth: z.string() }),
  occurredAt: z.string().datetime({ offset: true }),
});
export type PushSubscriptionRegisteredData = z.infer<typeof PushSubscriptionRegisteredData>;
export const PushSubscriptionRegistered = cloudEvent(PushSubscriptionRegisteredType, PushSubscriptionRegisteredData);

export const PushSubscriptionRemovedType = 'push-subscription.removed';
export const PushSubscriptionRemovedData = z.object({
  subscriptionId: z.string().uuid(),
  userId: z.string().uuid(),
  occurredAt: z.string().datetime({ offset: true }),
});
export type PushSubscriptionRemovedData = z.infer<typeof PushSubscriptionRemovedData>;
export const PushSubscriptionRemoved = cloudEvent(PushSubscriptionRemovedType, PushSubscriptionRemovedData);
