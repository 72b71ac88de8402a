import { ProblemSchema } from '@taskmesh/platform';
import { z } from 'zod';
import { DeliveryView, ListDeliveriesQuery } from '../domain/deliveries/list-deliveries';
import { ListWebhooksQuery } from '../domain/webhooks/list-webhooks';
import {
  CreateWebhookInput,
  DeliveryParams,
  UpdateWebhookInput,
  WebhookParams,
} from '../domain/webhooks/webhook-input';
import { WebhookView, WebhookWithSecret } from '../domain/webhooks/webhook-view';

const problem = (description: string) => ({ description, schema: ProblemSchema });
const common = { 400: problem('Invalid input'), 401: problem('No valid access token') };
const mine = { 404: problem('No such webhook of yours') };
const base = { tag: 'webhooks', security: 'bearer' } as const;

export const webhookRouteSpecs = {
  list: {
    ...base,
    method: 'get',
    path: '/webhooks',
    operationId: 'listWebhooks',
    summary: 'Your webhooks, newest first (a project’s with projectId)',
    query: ListWebhooksQuery,
    responses: { 200: { description: 'Webhooks', schema: z.object({ items: z.array(WebhookView) }) }, ...common },
  },
  create: {
    ...base,
    method: 'post',
    path: '/webhooks',
    operationId: 'createWebhook',
    summary: 'Register a webhook: a public https URL that receives the task events it subscribes to, signed',
    description:
      'Personal (no projectId): events of every project you can see. With projectId: that project’s events; ' +
      'only its owner may add one. The answer holds the signing secret (whsec_…) this once.',
    body: CreateWebhookInput,
    responses: {
      201: { description: 'Registered', schema: WebhookWithSecret },
      ...common,
      403: problem('Not the project’s owner'),
      404: problem('No such project'),
      409: problem('Too many webhooks'),
      503: problem('Project membership could not be checked'),
    },
  },
  get: {
    ...base,
    method: 'get',
    path: '/webhooks/:id',
    operationId: 'getWebhook',
    summary: 'One of your webhooks',
    params: WebhookParams,
    responses: { 200: { description: 'The webhook', schema: WebhookView }, ...common, ...mine },
  },
  update: {
    ...base,
    method: 'patch',
    path: '/webhooks/:id',
    operationId: 'updateWebhook',
    summary: 'Change a webhook’s URL, description or events; pause or resume it',
    params: WebhookParams,
    body: UpdateWebhookInput,
    responses: {
      200: { description: 'The webhook', schema: WebhookView },
      ...common,
      403: problem('No longer the project’s owner'),
      ...mine,
    },
  },
  remove: {
    ...base,
    method: 'delete',
    path: '/webhooks/:id',
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook and its deliveries',
    params: WebhookParams,
    responses: { 204: { description: 'Deleted' }, ...common, ...mine },
  },
  rotateSecret: {
    ...base,
    method: 'post',
    path: '/webhooks/:id/secret',
    operationId: 'rotateWebhookSecret',
    summary: 'A new signing secret; the old one also signs for 24 hours',
    params: WebhookParams,
    responses: {
      200: { description: 'The webhook with its new secret', schema: WebhookWithSecret },
      ...common,
      ...mine,
    },
  },
  test: {
    ...base,
    method: 'post',
    path: '/webhooks/:id/test',
    operationId: 'sendTestWebhook',
    summary: 'Queue a webhook.test delivery to the webhook',
    params: WebhookParams,
    responses: { 202: { description: 'Queued', schema: DeliveryView }, ...common, ...mine },
  },
  deliveries: {
    ...base,
    method: 'get',
    path: '/webhooks/:id/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'A webhook’s deliveries, newest first; status=dead is its dead-letter list',
    params: WebhookParams,
    query: ListDeliveriesQuery,
    responses: {
      200: {
        description: 'One page',
        schema: z.object({ items: z.array(DeliveryView), nextCursor: z.string().nullable() }),
      },
      ...common,
      ...mine,
    },
  },
  replay: {
    ...base,
    method: 'post',
    path: '/webhooks/:id/deliveries/:deliveryId/replay',
    operationId: 'replayWebhookDelivery',
    summary: 'Send a dead-lettered delivery again (same webhook-id, fresh tries)',
    params: DeliveryParams,
    responses: {
      202: { description: 'Queued again', schema: DeliveryView },
      ...common,
      404: problem('No such webhook of yours, or no such delivery of it'),
      409: problem('Not dead: it is pending or delivered'),
    },
  },
  replayDead: {
    ...base,
    method: 'post',
    path: '/webhooks/:id/deliveries/replay-dead',
    operationId: 'replayDeadWebhookDeliveries',
    summary: 'Send every dead-lettered delivery of a webhook again',
    params: WebhookParams,
    responses: {
      202: { description: 'How many were queued again', schema: z.object({ replayed: z.number().int() }) },
      ...common,
      ...mine,
    },
  },
} as const;
