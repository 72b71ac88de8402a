import { webhookEventTypes } from '@taskmesh/contracts';
import { z } from 'zod';

const EventTypes = z
  .array(z.enum(webhookEventTypes as [string, ...string[]], 'eventTypes must list task event types'))
  .min(1, 'eventTypes must name at least one event type')
  .max(webhookEventTypes.length)
  .transform((types) => [...new Set(types)].sort());

/** A URL as typed; whether it is public https is checked with DNS in the use case. */
const Url = z.string().trim().min(1, 'url is required').max(2000, 'url must be at most 2000 characters');
const Description = z.string().trim().max(200, 'description must be at most 200 characters');

export const CreateWebhookInput = z
  .object({
    url: Url,
    description: Description.default(''),
    /** Default: every task change (not comments or project changes). */
    eventTypes: EventTypes.optional(),
    /** A project's webhook (its owner's); absent: a personal one, for every project the creator sees. */
    projectId: z.string().uuid('projectId must be a project id (UUID)').optional(),
  })
  .strict();
export type CreateWebhookInput = z.infer<typeof CreateWebhookInput>;

export const UpdateWebhookInput = z
  .object({
    url: Url.optional(),
    description: Description.optional(),
    eventTypes: EventTypes.optional(),
    /** false pauses it (events are not even queued); true resumes it. */
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((input) => Object.keys(input).length > 0, 'give at least one of url, description, eventTypes, enabled');
export type UpdateWebhookInput = z.infer<typeof UpdateWebhookInput>;

export const WebhookParams = z.object({ id: z.string().uuid('id must be a webhook id (UUID)') }).strict();

export const DeliveryParams = z
  .object({
    id: z.string().uuid('id must be a webhook id (UUID)'),
    deliveryId: z.string().uuid('deliveryId must be a delivery id (UUID)'),
  })
  .strict();
