import { kafkaBootstrap, kafkaTool, topicEndOffsets } from './kafka';
import { waitFor } from './wait-for';

/**
 * The offsets a consumer group has committed on each partition of a topic; a
 * partition it never committed on is absent. Undefined while the group rebalances.
 */
export function committedOffsets(group: string, topic: string): Map<number, number> | undefined {
  const out = kafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', [
    '--bootstrap-server',
    kafkaBootstrap(),
    '--describe',
    '--offsets',
    '--group',
    group,
  ]);
  if (/rebalancing/i.test(out)) return undefined;
  const committed = new Map<number, number>();
  for (const line of out.split('\n')) {
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
    const [name, onTopic, partition, current] = line.trim().split(/\s+/);
    if (name === group && onTopic === topic && /^\d+$/.test(partition ?? '') && /^\d+$/.test(current ?? ''))
      committed.set(Number(partition), Number(current));
  }
  return committed;
}

/**
 * The barrier that proves an event had no effect (issue 16): waits until a
 * consumer group (a Dapr app id) has committed, on every partition of the
 * topic, past everything the topic holds when this is called. Dapr commits a
 * message only after the app's handler accepted it, so afterwards every event
 * published before the call has been handled, by every replica of the app.
 * Call it once the event is on the topic (its outbox row is published); when
 * the point is that a consumer is live again, publish a marker on the same
 * partition (a change to the same task) first.
 */
export async function consumerGroupPassed(group: string, topic: string, timeoutMs = 90_000): Promise<void> {
  const end = topicEndOffsets(topic);
  let behind = '';
  await waitFor(
    `${group} to commit past the end of ${topic}`,
    async () => {
      const committed = committedOffsets(group, topic);
      if (!committed) return undefined;
      const lagging = [...end].filter(([partition, offset]) => offset > 0 && (committed.get(partition) ?? -1) < offset);
      behind = lagging.map(([p, o]) => `partition ${p}: ${committed.get(p) ?? 'none'} < ${o}`).join(', ');
      return lagging.length === 0 ? true : undefined;
    },
    { timeoutMs, intervalMs: 500 },
  ).catch((error: Error) => {
    throw new Error(`${error.message} (${behind})`);
  });
}
