import { z } from 'zod';

/**
 * The CloudEvents 1.0 envelope as Dapr delivers it. `id` is the outbox id,
 * stable across redeliveries, so consumers deduplicate by it.
 */
export function cloudEvent<TType extends string, TData extends z.ZodTypeAny>(type: TType, data: TData) {
  return z.object({
    specversion: z.literal('1.0'),
    id: z.string().min(1),
    type: z.literal(type),
    source: z.string().min(1),
    subject: z.string().optional(),
    time: z.string().datetime({ offset: true }).optional(),
    datacontenttype: z.string().optional(),
    /** W3C trace context: the publisher's, kept by Dapr end to end, so a consumer can continue the trace. */
    traceparent: z.string().optional(),
    tracestate: z.string().optional(),
    data,
  });
}

/** Fields every task event's data carries. */
export const taskEventBase = {
  taskId: z.string().uuid(),
  /** The task's owner: who created it (in a shared project its members see it too). */
  userId: z.string().uuid(),
  /** The task's project (issue 19); absent in events from before projects existed. */
  projectId: z.string().uuid().optional(),
  /** Who made the change (a member, an admin, or a service such as recurrence-agent). */
  actorId: z.string().min(1),
  /** The personal access token the actor made the change with (issue 20); absent for a sign-in or a service. */
  viaTokenId: z.string().uuid().optional(),
  version: z.number().int().positive(),
  occurredAt: z.string().datetime({ offset: true }),
};
