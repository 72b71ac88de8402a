import { AppId } from './app-ids';
import { Component } from './components';

/**
 * Kafka topics. infra/kafka/topics.tsv creates them with these partitions and
 * retentions; topics.test.ts keeps the two in step.
 */
export const Topic = {
  taskEvents: 'task-events',
  taskUpdates: 'task-updates',
  reminders: 'reminders',
  auditLogs: 'audit-logs',
  notifications: 'notifications',
  sessions: 'sessions',
} as const;

export type Topic = (typeof Topic)[keyof typeof Topic];

/** The dead-letter topic of one subscription: `<topic>.<app-id>.dlq`. */
export function deadLetterTopic(topic: Topic, subscriber: AppId): string {
  return `${topic}.${subscriber}.dlq`;
}

/** Every subscription in the system, so its dead-letter topic can be created up front. */
export const subscriptions: ReadonlyArray<{ topic: Topic; subscriber: AppId }> = [
  { topic: Topic.taskEvents, subscriber: AppId.auditAgent },
  { topic: Topic.taskEvents, subscriber: AppId.recurrenceAgent },
  { topic: Topic.taskUpdates, subscriber: AppId.realtimeSync },
  { topic: Topic.notifications, subscriber: AppId.realtimeSync },
  { topic: Topic.sessions, subscriber: AppId.realtimeSync },
  { topic: Topic.reminders, subscriber: AppId.reminderAgent },
  { topic: Topic.reminders, subscriber: AppId.tasksApi },
];

/**
 * One bulk subscription of `subscriber` to `topic`, as the app returns it from
 * GET /dapr/subscribe: delivered to /events/<topic>, poison events to the
 * subscription's dead-letter topic.
 */
export function bulkSubscription(
  topic: Topic,
  subscriber: AppId,
  {
    pubsub = Component.pubsub,
    maxMessagesCount,
    maxAwaitDurationMs,
  }: { pubsub?: string; maxMessagesCount: number; maxAwaitDurationMs: number },
) {
  return {
    pubsubname: pubsub,
    topic,
    route: `/events/${topic}`,
    deadLetterTopic: deadLetterTopic(topic, subscriber),
    bulkSubscribe: { enabled: true, maxMessagesCount, maxAwaitDurationMs },
  };
}
