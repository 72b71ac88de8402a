import {
  AppId,
  type PushSubscriptionRegisteredData,
  PushSubscriptionRegisteredType,
  type PushSubscriptionRemovedData,
  PushSubscriptionRemovedType,
  Topic,
} from '@taskmesh/contracts';
import type { Prisma, PushSubscription } from '@taskmesh/db';
import { recordEvents } from '@taskmesh/outbox';
import {
  type AllowedOrigins,
  AppError,
  ErrorCode,
  OutboundUrlRefused,
  type Principal,
  vetOutboundUrl,
} from '@taskmesh/platform';
import type { PushSubscriptionInput, PushSubscriptionView } from './settings-input';

const toView = (row: PushSubscription): PushSubscriptionView => ({
  id: row.id,
  endpoint: row.endpoint,
  createdAt: row.createdAt.toISOString(),
});

async function recordRemoved(tx: Prisma.TransactionClient, row: PushSubscription, now: Date) {
  const data: PushSubscriptionRemovedData = {
    subscriptionId: row.id,
    userId: row.userId,
    occurredAt: now.toISOString(),
  };
  await recordEvents(tx, 'tasks_api.outbox_events', AppId.tasksApi, [
    { topic: Topic.reminders, type: PushSubscriptionRemovedType, key: row.userId, data, occurredAt: now },
  ]);
}

/**
 * reminder-agent will POST to the endpoint a user gives us, so it must be
 * public https (issue 15): no loopback, private or metadata addresses, by IP
 * or by a name that resolves to one. Checked before the write (DNS has no
 * business inside a transaction); reminder-agent checks again when it sends.
 */
export async function checkPushEndpoint(endpoint: string, allowed: AllowedOrigins): Promise<void> {
  try {
    await vetOutboundUrl(endpoint, allowed);
  } catch (error) {
    if (!(error instanceof OutboundUrlRefused)) throw error;
    const message = `endpoint ${error.message}`;
    throw new AppError(ErrorCode.validation, `Invalid body: ${message}`, { errors: [{ field: 'endpoint', message }] });
  }
}

/**
 * Registers a browser's web-push subscription for the signed-in user, and
 * tells reminder-agent (push-subscription.registered, keyed by user id). An
 * endpoint belongs to one browser: registering it again replaces the old
 * registration, even one made by another user on that browser.
 */
export async function registerPushSubscription(
  tx: Prisma.TransactionClient,
  principal: Principal,
  input: PushSubscriptionInput,
  now = new Date(),
): Promise<{ subscription: PushSubscriptionView; created: boolean }> {
  const existing = await tx.pushSubscription.findUnique({ where: { endpoint: input.endpoint } });
  if (
    existing &&
    existing.userId === principal.userId &&
    existing.p256dh === input.keys.p256dh &&
    existing.auth === input.keys.auth
  )
    return { subscription: toView(existing), created: false };
  if (existing) {
    await tx.pushSubscription.delete({ where: { id: existing.id } });
    await recordRemoved(tx, existing, now);
  }
  const row = await tx.pushSubscription.create({
    data: {
      userId: principal.userId,
      endpoint: input.endpoint,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      createdAt: now,
      updatedAt: now,
    },
  });
  const data: PushSubscriptionRegisteredData = {
    subscriptionId: row.id,
    userId: row.userId,
    endpoint: row.endpoint,
    keys: { p256dh: row.p256dh, auth: row.auth },
    occurredAt: now.toISOString(),
  };
  await recordEvents(tx, 'tasks_api.outbox_events', AppId.tasksApi, [
    { topic: Topic.reminders, type: PushSubscriptionRegisteredType, key: row.userId, data, occurredAt: now },
  ]);
  return { subscription: toView(row), created: true };
}

export async function listPushSubscriptions(
  prisma: Prisma.TransactionClient,
  principal: Principal,
): Promise<PushSubscriptionView[]> {
  const rows = await prisma.pushSubscription.findMany({
    where: { userId: principal.userId },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toView);
}

/** Unregisters one of the user's push subscriptions (the browser unsubscribed or the user opted out). */
export async function removePushSubscription(
  tx: Prisma.TransactionClient,
  principal: Principal,
  id: string,
  now = new Date(),
): Promise<void> {
  const row = await tx.pushSubscription.findFirst({ where: { id, userId: principal.userId } });
  if (!row) throw new AppError(ErrorCode.notFound, 'Push subscription not found');
  await tx.pushSubscription.delete({ where: { id } });
  await recordRemoved(tx, row, now);
}
