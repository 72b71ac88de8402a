import type { AppLoadContext } from '@remix-run/node';
import { invocationPath } from '@taskmesh/platform';
import { callApp } from './api.server';
import { idField, list, text } from './form-data';
import type { Toast } from './types';

/** A webhook as webhook-agent answers it (GET /webhooks); never with its secret. */
export interface Webhook {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  projectId: string | null;
  enabled: boolean;
  /** Why it is paused: by its creator, or because the creator lost access to the project. */
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One delivery of an event to a webhook (GET /webhooks/:id/deliveries). */
export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  /** The receiver's last HTTP status (0: it did not answer). */
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  replays: number;
  createdAt: string;
}

export const deliveryStatuses = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** The event types a webhook may subscribe to, and the ones it gets when none is chosen (server-only: the loader passes them down). */
export { defaultWebhookEventTypes, webhookEventTypes } from '@taskmesh/contracts';

export const listWebhooks = (context: AppLoadContext, token: string) =>
  callApp<{ items: Webhook[] }>(context, 'webhook-agent', 'GET', invocationPath`/webhooks`, { token });

export const getWebhook = (context: AppLoadContext, token: string, id: string) =>
  callApp<Webhook>(context, 'webhook-agent', 'GET', invocationPath`/webhooks/${id}`, { token });

export const listDeliveries = (
  context: AppLoadContext,
  token: string,
  id: string,
  query: { status?: DeliveryStatus; cursor?: string },
) =>
  callApp<{ items: Delivery[]; nextCursor: string | null }>(
    context,
    'webhook-agent',
    'GET',
    invocationPath`/webhooks/${id}/deliveries`,
    { token, query: { ...query, limit: '25' } },
  );

/** What each form intent of the webhook pages gets. */
export interface WebhookArgs {
  context: AppLoadContext;
  token: string;
  form: FormData;
}

/**
 * A toast (then the page again) or a new signing secret: webhook-agent
 * answers it this once, so it is shown from this answer and never again.
 */
export type WebhookResult = { toast: Toast } | { secret: NewSecret };
export interface NewSecret {
  /** The webhook's description, or its URL. */
  name: string;
  value: string;
}

const nameOf = (hook: Pick<Webhook, 'url' | 'description'>) => hook.description || hook.url;

/** A personal webhook ("All my projects") or one project's; the API checks the caller owns it. */
async function createWebhook({ context, token, form }: WebhookArgs): Promise<WebhookResult> {
  const projectId = text(form, 'projectId') ? idField(form, 'projectId') : undefined;
  const eventTypes = list(form, 'eventTypes');
  const { data } = await callApp<Webhook & { secret: string }>(
    context,
    'webhook-agent',
    'POST',
    invocationPath`/webhooks`,
    {
      token,
      body: {
        url: text(form, 'url') ?? '',
        description: text(form, 'description') ?? '',
        // None ticked: webhook-agent's default, every task change.
        ...(eventTypes.length > 0 ? { eventTypes } : {}),
        ...(projectId ? { projectId } : {}),
      },
    },
  );
  return { secret: { name: nameOf(data), value: data.secret } };
}

const setEnabled =
  (enabled: boolean) =>
  async ({ context, token, form }: WebhookArgs): Promise<WebhookResult> => {
    const { data } = await callApp<Webhook>(
      context,
      'webhook-agent',
      'PATCH',
      invocationPath`/webhooks/${idField(form, 'id')}`,
      { token, body: { enabled } },
    );
    return { toast: { message: enabled ? `Resumed “${nameOf(data)}”` : `Paused “${nameOf(data)}”` } };
  };

async function sendTest({ context, token, form }: WebhookArgs): Promise<WebhookResult> {
  await callApp(context, 'webhook-agent', 'POST', invocationPath`/webhooks/${idField(form, 'id')}/test`, { token });
  return { toast: { message: 'Test event queued: its delivery is listed under Deliveries' } };
}

/** The old secret keeps signing for 24 hours besides the new one (webhook-agent), so receivers can switch. */
async function rotateSecret({ context, token, form }: WebhookArgs): Promise<WebhookResult> {
  const { data } = await callApp<Webhook & { secret: string }>(
    context,
    'webhook-agent',
    'POST',
    invocationPath`/webhooks/${idField(form, 'id')}/secret`,
    { token },
  );
  return { secret: { name: nameOf(data), value: data.secret } };
}

async function deleteWebhook({ context, token, form }: WebhookArgs): Promise<WebhookResult> {
  await callApp(context, 'webhook-agent', 'DELETE', invocationPath`/webhooks/${idField(form, 'id')}`, { token });
  return { toast: { message: 'Webhook deleted, with its deliveries' } };
}

/** The webhooks page's form intents, one function each (STYLE.md). A Map: no inherited names. */
export const webhookIntents = new Map<string, (args: WebhookArgs) => Promise<WebhookResult>>([
  ['create-webhook', createWebhook],
  ['pause-webhook', setEnabled(false)],
  ['resume-webhook', setEnabled(true)],
  ['test-webhook', sendTest],
  ['rotate-secret', rotateSecret],
  ['delete-webhook', deleteWebhook],
]);

/** The deliveries page's intents; `webhookId` is validated from the path. */
export type DeliveryArgs = WebhookArgs & { webhookId: string };

async function replayDelivery({ context, token, form, webhookId }: DeliveryArgs): Promise<Toast> {
  const deliveryId = idField(form, 'deliveryId');
  await callApp(
    context,
    'webhook-agent',
    'POST',
    invocationPath`/webhooks/${webhookId}/deliveries/${deliveryId}/replay`,
    { token },
  );
  return { message: 'Delivery queued again' };
}

async function replayDead({ context, token, webhookId }: DeliveryArgs): Promise<Toast> {
  const { data } = await callApp<{ replayed: number }>(
    context,
    'webhook-agent',
    'POST',
    invocationPath`/webhooks/${webhookId}/deliveries/replay-dead`,
    { token },
  );
  return {
    message:
      data.replayed === 0
        ? 'No dead letters to replay'
        : `${data.replayed} ${data.replayed === 1 ? 'delivery' : 'deliveries'} queued again`,
  };
}

export const deliveryIntents = new Map<string, (args: DeliveryArgs) => Promise<Toast>>([
  ['replay-delivery', replayDelivery],
  ['replay-dead', replayDead],
]);
