import type { AppId } from './app-ids';
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
