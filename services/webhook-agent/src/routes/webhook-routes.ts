import type { PrismaClient } from '@taskmesh/db';
import { defineRoute, principalOf } from '@taskmesh/platform';
import type { DeliverySender } from '../domain/deliveries/delivery-sender';
import { listDeliveries } from '../domain/deliveries/list-deliveries';
import { replayDeadDeliveries, replayDelivery } from '../domain/deliveries/replay-deliveries';
import { sendTestDelivery } from '../domain/deliveries/send-test-delivery';
import { createWebhook, type WebhookSettings } from '../domain/webhooks/create-webhook';
import { deleteWebhook } from '../domain/webhooks/delete-webhook';
import { listWebhooks } from '../domain/webhooks/list-webhooks';
import { rotateWebhookSecret } from '../domain/webhooks/rotate-webhook-secret';
import { updateWebhook } from '../domain/webhooks/update-webhook';
import { webhookOf, webhookView } from '../domain/webhooks/webhook-view';
import { webhookRouteSpecs as specs } from './webhook-specs';

export function webhookRoutes(prisma: PrismaClient, sender: DeliverySender, settings: WebhookSettings) {
  return [
    defineRoute(specs.list, async (req, res, { query }) => {
      res.json({ items: await listWebhooks(prisma, principalOf(req), query) });
    }),
    defineRoute(specs.create, async (req, res, { body }) => {
      const created = await createWebhook(prisma, principalOf(req), body, settings);
      res.status(201).location(`/webhooks/${created.id}`).json(created);
    }),
    defineRoute(specs.get, async (req, res, { params }) => {
      res.json(webhookView(await webhookOf(prisma, principalOf(req).userId, params.id)));
    }),
    defineRoute(specs.update, async (req, res, { params, body }) => {
      res.json(await updateWebhook(prisma, principalOf(req), params.id, body, settings));
      sender.soon();
    }),
    defineRoute(specs.remove, async (req, res, { params }) => {
      await deleteWebhook(prisma, principalOf(req), params.id);
      res.status(204).end();
    }),
    defineRoute(specs.rotateSecret, async (req, res, { params }) => {
      res.json(await rotateWebhookSecret(prisma, principalOf(req), params.id, settings.box));
    }),
    defineRoute(specs.test, async (req, res, { params }) => {
      res.status(202).json(await sendTestDelivery(prisma, principalOf(req), params.id));
      sender.soon();
    }),
    defineRoute(specs.deliveries, async (req, res, { params, query }) => {
      res.json(await listDeliveries(prisma, principalOf(req), params.id, query));
    }),
    defineRoute(specs.replay, async (req, res, { params }) => {
      res.status(202).json(await replayDelivery(prisma, principalOf(req), params.id, params.deliveryId));
      sender.soon();
    }),
    defineRoute(specs.replayDead, async (req, res, { params }) => {
      res.status(202).json(await replayDeadDeliveries(prisma, principalOf(req), params.id));
      sender.soon();
    }),
  ];
}
