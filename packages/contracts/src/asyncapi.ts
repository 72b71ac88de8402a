import { z } from 'zod';
import { EmailVerificationRequested, EmailVerified, PasswordResetRequested } from './events/account-email';
import { AuditEntryRecorded } from './events/audit-entry-recorded';
import { NotificationCreated } from './events/notification-created';
import { NotificationFailed } from './events/notification-failed';
import { NotificationRequested } from './events/notification-requested';
import { PushSubscriptionRegistered, PushSubscriptionRemoved } from './events/push-subscription';
import { ReminderCancelled } from './events/reminder-cancelled';
import { ReminderFailed, ReminderSent } from './events/reminder-delivered';
import { ReminderScheduled } from './events/reminder-scheduled';
import { SessionEnded } from './events/session-ended';
import { CommentChanged, ProjectAccessChanged, TaskChanged } from './events/task-changed';
import { TaskTopicEvent } from './events/task-event';
import { Topic } from './topics';

/** Each schema under its message name: `project.member-added` is ProjectMemberAdded. */
function namedByType<T extends z.ZodObject>(schemas: readonly T[]): Record<string, T> {
  return Object.fromEntries(
    schemas.map((schema) => [
      (schema.shape.type as z.ZodLiteral<string>).value
        .split(/[.-]/)
        .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
        .join(''),
      schema,
    ]),
  );
}

/** Which events travel on which topic, and who publishes them. */
const channels = [
  {
    topic: Topic.taskEvents,
    description:
      'Task lifecycle events, assignments and comments (partition key: task id), project and membership changes (partition key: project id), and personal access tokens made and revoked (partition key: user id) (7 days).',
    events: namedByType(TaskTopicEvent.options),
  },
  {
    topic: Topic.taskUpdates,
    description:
      "The compact new state of each changed task, comment changes and members' access changes, for realtime clients (1 day).",
    events: { TaskChanged, CommentChanged, ProjectAccessChanged },
  },
  {
    topic: Topic.auditLogs,
    description: 'Every stored audit entry, for analytics consumers (90 days).',
    events: { AuditEntryRecorded },
  },
  {
    topic: Topic.reminders,
    description:
      "Reminder schedules, push subscriptions, account email (verification, password reset: a token id, never the token) and notification requests (assigned, mentioned) from tasks-api (partition key: task id, or user id for subscriptions and account email); delivery outcomes from reminder-agent (1 day). reminder.failed also goes to reminders.reminder-agent.dlq; notification.failed (a notification request's channel given up) goes only there.",
    events: {
      ReminderScheduled,
      ReminderCancelled,
      PushSubscriptionRegistered,
      PushSubscriptionRemoved,
      ReminderSent,
      ReminderFailed,
      EmailVerificationRequested,
      PasswordResetRequested,
      EmailVerified,
      NotificationRequested,
      NotificationFailed,
    },
  },
  {
    topic: Topic.notifications,
    description:
      'In-app notifications stored by reminder-agent, for realtime-sync to push live (partition key: user id; 1 day).',
    events: { NotificationCreated },
  },
  {
    topic: Topic.sessions,
    description:
      'Ended sign-in sessions (logout, refresh-token reuse), for realtime-sync to close their sockets (partition key: user id; 1 day).',
    events: { SessionEnded },
  },
] as const;

/** Who publishes each topic. */
const publishers: Record<string, string> = {
  [Topic.taskEvents]: 'tasks-api',
  [Topic.taskUpdates]: 'tasks-api',
  [Topic.auditLogs]: 'audit-agent',
  [Topic.reminders]:
    'tasks-api (scheduled, cancelled, push-subscription.*, account email, notification.requested) and reminder-agent (sent, failed; notification.failed on the dead-letter topic only)',
  [Topic.notifications]: 'reminder-agent',
  [Topic.sessions]: 'tasks-api',
};

/**
 * The AsyncAPI 3.0 document of Taskmesh's events, generated from the zod
 * schemas that producers and consumers use (docs/asyncapi.json is this,
 * written by `npm run docs:asyncapi`; a test keeps the file current).
 */
export function buildAsyncApiDocument() {
  const messages: Record<string, unknown> = {};
  const channelDocs: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const channel of channels) {
    const refs: Record<string, { $ref: string }> = {};
    for (const [name, schema] of Object.entries(channel.events)) {
      const type = (schema.shape.type as z.ZodLiteral<string>).value;
      messages[name] = {
        name: type,
        title: name,
        contentType: 'application/cloudevents+json',
        payload: z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }),
      };
      refs[name] = { $ref: `#/components/messages/${name}` };
    }
    channelDocs[channel.topic] = { address: channel.topic, description: channel.description, messages: refs };
    operations[`publish-${channel.topic}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channel.topic}` },
      summary: `Published by ${publishers[channel.topic]} through an outbox and Dapr pub/sub.`,
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Taskmesh events',
      version: '1.0.0',
      description:
        'CloudEvents 1.0 published through Dapr pub/sub on Kafka. `id` is the outbox id: consumers deduplicate by it.',
    },
    defaultContentType: 'application/cloudevents+json',
    channels: channelDocs,
    operations,
    components: { messages },
  };
}
