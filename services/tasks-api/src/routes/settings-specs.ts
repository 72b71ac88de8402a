import { z } from 'zod';
import { UserView } from '../domain/auth/user-view';
import { PushSubscriptionInput, PushSubscriptionView, SettingsInput } from '../domain/settings/settings-input';
import { commonProblems, idempotencyHeader, idempotencyProblems, problem } from './problems';

const IdParams = z.object({ id: z.string().uuid('id must be a push subscription id (UUID)') }).strict();

export const settingsRouteSpecs = {
  update: {
    method: 'patch',
    path: '/auth/me',
    operationId: 'updateSettings',
    summary: 'Change your settings: display name, time zone, default reminder channels, all-day reminder time',
    description:
      'allDayReminderTime (HH:MM, 24-hour; 09:00 by default): reminders relative to an all-day task count from this time of its day, in the task’s zone (P1D before a task due 2026-12-10 at 08:30 fires on 2026-12-09 at 08:30). Changing it moves your pending ones.',
    tag: 'auth',
    security: 'bearer',
    body: SettingsInput,
    responses: { 200: { description: 'The user', schema: UserView }, ...commonProblems },
  },
  vapidPublicKey: {
    method: 'get',
    path: '/push/vapid-public-key',
    operationId: 'vapidPublicKey',
    summary: 'The VAPID public key browsers subscribe to web push with (applicationServerKey)',
    tag: 'push',
    security: 'none',
    responses: { 200: { description: 'The key (base64url)', schema: z.object({ publicKey: z.string() }) } },
  },
  listPush: {
    method: 'get',
    path: '/me/push-subscriptions',
    operationId: 'listPushSubscriptions',
    summary: 'Your registered web-push subscriptions',
    tag: 'push',
    security: 'bearer',
    responses: {
      200: { description: 'Subscriptions', schema: z.object({ items: z.array(PushSubscriptionView) }) },
      ...commonProblems,
    },
  },
  registerPush: {
    method: 'post',
    path: '/me/push-subscriptions',
    operationId: 'registerPushSubscription',
    summary:
      "Register a browser's web-push subscription (PushSubscription.toJSON()); the endpoint must be public https",
    tag: 'push',
    security: 'bearer',
    body: PushSubscriptionInput,
    headers: idempotencyHeader,
    responses: {
      201: { description: 'Registered', schema: PushSubscriptionView },
      200: { description: 'Already registered', schema: PushSubscriptionView },
      ...commonProblems,
      ...idempotencyProblems,
    },
  },
  removePush: {
    method: 'delete',
    path: '/me/push-subscriptions/:id',
    operationId: 'removePushSubscription',
    summary: 'Unregister a web-push subscription',
    tag: 'push',
    security: 'bearer',
    params: IdParams,
    responses: { 204: { description: 'Removed' }, ...commonProblems, 404: problem('No such subscription of yours') },
  },
} as const;
