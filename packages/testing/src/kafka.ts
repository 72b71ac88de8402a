import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pinnedVersion } from './containers';
import { taskmeshHome } from './database';
import { repoRoot } from './stack';

/** Runs one of Kafka's own command-line tools against the project's broker. */
export function kafkaTool(mainClass: string, args: string[], timeoutMs = 60_000): string {
  return execFileSync(
    'java',
    [
      '-cp',
      path.join(taskmeshHome(), 'kafka', pinnedVersion('KAFKA_VERSION'), 'libs', '*'),
      `-Dlog4j.configuration=file:${path.join(repoRoot, 'infra/kafka/log4j-tools.properties')}`,
      mainClass,
      ...args,
    ],
    // The console consumer ends its run with a TimeoutException on stderr: not a failure.
    { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
  );
}

export const kafkaBootstrap = (): string => `127.0.0.1:${process.env.TASKMESH_KAFKA_PORT ?? 59092}`;

/** The next offset of every partition of a topic: read from here to see only what comes after. */
export function topicEndOffsets(topic: string): Map<number, number> {
  const out = kafkaTool('org.apache.kafka.tools.GetOffsetShell', [
    '--bootstrap-server',
    kafkaBootstrap(),
    '--topic',
    topic,
    '--time',
    '-1',
  ]);
  const offsets = new Map<number, number>();
  for (const line of out.split('\n')) {
    const match = /^[^:]+:(\d+):(\d+)$/.exec(line.trim());
    if (match?.[1] && match[2]) offsets.set(Number(match[1]), Number(match[2]));
  }
  if (offsets.size === 0) throw new Error(`no partitions found for ${topic}: ${out}`);
  return offsets;
}

/** The messages on a topic after the given offsets (topicEndOffsets taken earlier), one value per line. */
export function readTopicSince(topic: string, since: Map<number, number>, timeoutMs = 3_000): string[] {
  const messages: string[] = [];
  for (const [partition, offset] of since) {
    const out = kafkaTool(
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      [
        '--bootstrap-server',
        kafkaBootstrap(),
        '--topic',
        topic,
        '--partition',
        String(partition),
        '--offset',
        String(offset),
        '--timeout-ms',
        String(timeoutMs),
      ],
      timeoutMs + 30_000,
    );
    messages.push(...out.split('\n').filter((line) => line.trim().length > 0));
  }
  return messages;
}
