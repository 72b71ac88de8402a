import { AppId } from './app-ids';
import { Component } from './components';
import { bulkSubscription, Topic } from './topics';

/**
 * Every subscription in the system, by subscriber: what each service returns
 * from GET /dapr/subscribe (topic, route, pub/sub component, dead-letter topic,
 * batching). Services and the deployment checks both read them here (issue
 * 16), so no test imports a service's internals.
 *
 * maxAwaitDurationMs is how often the sidecar hands over what each partition
 * has gathered: at 40 task events a second over three partitions, 20-50 ms
 * meant one event per delivery. Subscribers nobody waits on batch for longer
 * (bench:api, issue 19: their sidecars' and their own CPU halved); realtime
 * stays at 5 ms.
 */
export const Subscriptions = {
  /** reminder.sent / reminder.failed from reminder-agent: the delivery status users see. */
  tasksApi: {
    reminders: bulkSubscription(Topic.reminders, AppId.tasksApi, { maxMessagesCount: 500, maxAwaitDurationMs: 50 }),
  },
  /**
   * Dapr hands over up to 500 events at a time, stored with one INSERT.
   * Poison events go to the dead-letter topic one by one. 100 ms: the log
   * trails the change by a fraction of a second.
   */
  auditAgent: {
    taskEvents: bulkSubscription(Topic.taskEvents, AppId.auditAgent, {
      maxMessagesCount: 500,
      maxAwaitDurationMs: 100,
    }),
  },
  /**
   * Most task events are not completions of a recurring task, and
   * acknowledging them in batches keeps this agent's (and its sidecar's) share
   * of the CPU small under load.
   */
  recurrenceAgent: {
    taskEvents: bulkSubscription(Topic.taskEvents, AppId.recurrenceAgent, {
      maxMessagesCount: 100,
      maxAwaitDurationMs: 250,
    }),
  },
  /** Schedules, cancellations and push subscriptions from tasks-api. */
  reminderAgent: {
    reminders: bulkSubscription(Topic.reminders, AppId.reminderAgent, {
      maxMessagesCount: 500,
      maxAwaitDurationMs: 50,
    }),
  },
  /**
   * Task, comment and project events, fanned out to the webhooks that
   * subscribed to them (issue 20). One consumer group: each event is
   * fanned out once, whichever replica takes it. A quarter of a second is
   * nothing beside the receivers' own round trips.
   */
  webhookAgent: {
    taskEvents: bulkSubscription(Topic.taskEvents, AppId.webhookAgent, {
      maxMessagesCount: 200,
      maxAwaitDurationMs: 250,
    }),
  },
  /** Every replica its own consumer group (pubsub-broadcast): each gets every update. */
  realtimeSync: {
    taskUpdates: bulkSubscription(Topic.taskUpdates, AppId.realtimeSync, {
      pubsub: Component.pubsubBroadcast,
      maxMessagesCount: 200,
      maxAwaitDurationMs: 5,
    }),
    notifications: bulkSubscription(Topic.notifications, AppId.realtimeSync, {
      pubsub: Component.pubsubBroadcast,
      maxMessagesCount: 200,
      maxAwaitDurationMs: 5,
    }),
    /** Ended sessions: every replica closes the session's sockets it holds (issue 15). */
    sessions: bulkSubscription(Topic.sessions, AppId.realtimeSync, {
      pubsub: Component.pubsubBroadcast,
      maxMessagesCount: 100,
      maxAwaitDurationMs: 5,
    }),
  },
} as const;

/** Every subscription as (topic, subscriber), so its dead-letter topic can be created up front. */
export const subscriptions: ReadonlyArray<{ topic: Topic; subscriber: AppId }> = Object.entries(Subscriptions).flatMap(
  ([app, byName]) =>
    Object.values(byName).map((subscription) => ({
      topic: subscription.topic,
      subscriber: AppId[app as keyof typeof Subscriptions],
    })),
);
