import type { Express, Request, RequestHandler } from 'express';
import type { z } from 'zod';
import { AppError, ErrorCode } from './errors';
import type { Logger } from './logger';
import { eventsHandled } from './metrics';

/** One Dapr programmatic subscription, as returned from GET /dapr/subscribe. */
export interface Subscription {
  pubsubname: string;
  topic: string;
  route: string;
  deadLetterTopic: string;
  bulkSubscribe?: { enabled: boolean; maxMessagesCount?: number; maxAwaitDurationMs?: number };
}

/** Tells the sidecar which topics this app handles. */
export function registerSubscriptions(app: Express, subscriptions: Subscription[]): void {
  app.get('/dapr/subscribe', (_req, res) => {
    res.json(subscriptions);
  });
}

/**
 * Pub/sub deliveries and cron ticks come from the app's own sidecar, which
 * sends no caller app id; a service invocation from another app always
 * carries one (its sidecar sets dapr-caller-app-id). Such a request on an
 * event or binding route is another app forging events or ticks (issue 15),
 * so it is refused before its body is read.
 */
export function refuseInvocations(req: Request): void {
  if (req.header('dapr-caller-app-id') !== undefined)
    throw new AppError(ErrorCode.forbidden, "Only this app's own sidecar delivers events and binding ticks");
}

/** Dapr's reading of an event handler's answer. */
export type DeliveryStatus = 'SUCCESS' | 'RETRY' | 'DROP';

interface BulkEntry {
  entryId: string;
  event: unknown;
}

/**
 * Wraps a bulk-subscription handler for Dapr: each entry is parsed with the
 * event schema; poison entries are answered DROP one by one (to the
 * dead-letter topic, without holding back the rest), and the valid ones are
 * handed over together: SUCCESS for all of them, or RETRY for all of them if
 * the handler throws.
 */
export function bulkEventHandler<TSchema extends z.ZodTypeAny>(
  schema: TSchema,
  logger: Logger,
  handleMany: (events: Array<z.infer<TSchema>>) => Promise<void>,
): RequestHandler {
  return async (req, res) => {
    refuseInvocations(req);
    const entries = (Array.isArray(req.body?.entries) ? req.body.entries : []) as BulkEntry[];
    const statuses: Array<{ entryId: string; status: DeliveryStatus }> = [];
    const valid: Array<{ entryId: string; event: z.infer<TSchema> }> = [];
    for (const entry of entries) {
      const parsed = schema.safeParse(entry.event);
      if (parsed.success) {
        valid.push({ entryId: entry.entryId, event: parsed.data });
        continue;
      }
      const event = entry.event as { id?: unknown; type?: unknown } | undefined;
      logger.error(
        {
          entryId: entry.entryId,
          eventId: event?.id,
          eventType: event?.type,
          topic: req.body?.topic,
          issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`),
        },
        'poison event: invalid payload, sending it to the dead-letter topic',
      );
      statuses.push({ entryId: entry.entryId, status: 'DROP' });
    }
    let outcome: DeliveryStatus = 'SUCCESS';
    if (valid.length > 0) {
      try {
        await handleMany(valid.map((v) => v.event));
      } catch (error) {
        logger.warn({ err: error, events: valid.length }, 'bulk event handler failed; Dapr will retry');
        outcome = 'RETRY';
      }
    }
    for (const { entryId } of valid) statuses.push({ entryId, status: outcome });
    const topic = String(req.body?.topic ?? 'unknown');
    if (valid.length > 0) eventsHandled.inc({ topic, outcome: outcome.toLowerCase() }, valid.length);
    if (entries.length > valid.length) eventsHandled.inc({ topic, outcome: 'drop' }, entries.length - valid.length);
    res.json({ statuses });
  };
}

/**
 * Answers a cron input binding: Dapr sends OPTIONS at start-up to learn
 * whether the app handles the binding, then POST on every tick.
 * GET /bindings/<name> reports how many ticks arrived and when the last did,
 * so operators (and tests) can see the schedule is alive.
 */
export function cronBinding(app: Express, name: string, logger: Logger, tick: () => Promise<void>): void {
  const stats = { binding: name, ticks: 0, failures: 0, lastTickAt: null as string | null };
  app.options(`/${name}`, (_req, res) => {
    res.sendStatus(200);
  });
  app.post(`/${name}`, async (req, res) => {
    refuseInvocations(req);
    res.locals.quietLog = true;
    stats.ticks += 1;
    stats.lastTickAt = new Date().toISOString();
    try {
      await tick();
      res.sendStatus(200);
    } catch (error) {
      stats.failures += 1;
      logger.error({ err: error, binding: name }, 'sweep failed');
      res.sendStatus(500);
    }
  });
  app.get(`/bindings/${name}`, (_req, res) => {
    res.json(stats);
  });
}
