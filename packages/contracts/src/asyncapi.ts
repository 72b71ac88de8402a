import { z } from 'zod';
import { AuditEntryRecorded } from './events/audit-entry-recorded';
import { TaskChanged } from './events/task-changed';
import { TaskCompleted } from './events/task-completed';
import { TaskCreated } from './events/task-created';
import { TaskDeleted } from './events/task-deleted';
import { TaskReopened } from './events/task-reopened';
import { TaskUpdated } from './events/task-updated';
import { Topic } from './topics';

/** Which events travel on which topic, and who publishes them. */
const channels = [
  {
    topic: Topic.taskEvents,
    description: 'Task lifecycle events, partitioned by task id (7 days).',
    events: { TaskCreated, TaskUpdated, TaskCompleted, TaskReopened, TaskDeleted },
  },
  {
    topic: Topic.taskUpdates,
    description: 'The compact new state of each changed task, for realtime clients (1 day).',
    events: { TaskChanged },
  },
  {
    topic: Topic.auditLogs,
    description: 'Every stored audit entry, for analytics consumers (90 days).',
    events: { AuditEntryRecorded },
  },
] as const;

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
      summary:
        channel.topic === Topic.auditLogs
          ? 'Published by audit-agent through its outbox and Dapr pub/sub; partition key = task id.'
          : 'Published by tasks-api through its outbox and Dapr pub/sub; partition key = task id.',
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
