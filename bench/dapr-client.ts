// npm run bench:dapr-client: the Dapr SDK (@dapr/dapr) over HTTP vs gRPC, per
// call Taskmesh makes, against the running stack (issue 16). Each operation
// runs COUNT times from CONCURRENCY workers after a warm-up, through one SDK
// client per protocol on the same sidecar, and prints ops/s, p50 and p99.
// docs/decisions/006-dapr-sdk.md records the figures and what was chosen.
// Prints its figures; asserts nothing.
import { randomUUID } from 'node:crypto';
import { CommunicationProtocolEnum, DaprClient, type HTTPClient, HttpMethod, LogLevel } from '@dapr/dapr';
import { AppId, Component, Secret, Topic, deadLetterTopic } from '@taskmesh/contracts';
import { createDaprClient, invocationPath } from '@taskmesh/platform';
import { daprApiToken, runFileApps } from '@taskmesh/testing';
import { percentile } from './load';

const COUNT = Number(process.env.BENCH_DAPR_COUNT ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_DAPR_CONCURRENCY ?? 8);
const BATCH = 100;
// Nobody consumes a dead-letter topic, so the published batches load only the broker.
const BENCH_TOPIC = deadLetterTopic(Topic.taskEvents, AppId.auditAgent);

type Protocol = 'http' | 'grpc';
type Op = (client: DaprClient, n: number) => Promise<unknown>;

function ports(appId: string): Record<Protocol, number> {
  const app = runFileApps().find((a) => a.appID === appId) as
    | { daprHTTPPort: number; daprGRPCPort: number }
    | undefined;
  if (!app) throw new Error(`${appId} is not in dapr.yaml`);
  return { http: app.daprHTTPPort, grpc: app.daprGRPCPort };
}

function sdk(appId: string, protocol: Protocol): DaprClient {
  return new DaprClient({
    daprHost: '127.0.0.1',
    daprPort: String(ports(appId)[protocol]),
    communicationProtocol: protocol === 'grpc' ? CommunicationProtocolEnum.GRPC : CommunicationProtocolEnum.HTTP,
    daprApiToken: daprApiToken(),
    logger: { level: LogLevel.Warn },
  });
}

/** Closed loop: CONCURRENCY workers take the next of COUNT operations until none is left. */
async function measure(run: (n: number) => Promise<unknown>, count = COUNT) {
  for (let n = 0; n < Math.min(100, count); n++) await run(-1 - n);
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const n = next++;
        const t = performance.now();
        try {
          await run(n);
        } catch {
          failures += 1;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { opsPerSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}

function cloudEvent(runId: string, n: number) {
  return {
    specversion: '1.0',
    id: `${runId}-${n}-${randomUUID()}`,
    type: 'bench.published',
    source: 'bench-dapr-client',
    datacontenttype: 'application/json',
    data: { n },
  };
}

async function main() {
  const runId = `bench-dapr-${Date.now()}`;
  const key = (n: number) => `bench-dapr:${runId}:${n % 500}`;
  const ops: Array<{ name: string; app: string; op: Op; count?: number }> = [
    // tasks-api's own sidecar invoking its /healthz: the smallest round trip through service invocation.
    {
      name: 'invoke (GET healthz)',
      app: AppId.tasksApi,
      op: (c) => c.invoker.invoke(AppId.tasksApi, 'healthz', HttpMethod.GET),
    },
    {
      name: `bulk publish (${BATCH} CloudEvents)`,
      app: AppId.tasksApi,
      count: COUNT / 10,
      op: async (c, n) => {
        const entries = Array.from({ length: BATCH }, (_, i) => ({
          entryId: String(i),
          event: cloudEvent(runId, n * BATCH + i),
          contentType: 'application/cloudevents+json',
        }));
        if (c.options.communicationProtocol === CommunicationProtocolEnum.HTTP) {
          // As packages/platform/src/dapr.ts publishes: the SDK's publishBulk over HTTP hides failures (dapr/js-sdk#703).
          await (c.daprClient as HTTPClient).executeWithApiVersion(
            'v1.0-alpha1',
            `/publish/bulk/${Component.pubsub}/${BENCH_TOPIC}`,
            {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: entries,
            },
          );
          return;
        }
        const { failedMessages } = await c.pubsub.publishBulk(
          Component.pubsub,
          BENCH_TOPIC,
          entries.map(({ entryId, ...entry }) => ({ entryID: entryId, ...entry })),
        );
        if (failedMessages.length > 0) throw new Error(String(failedMessages[0]?.error));
      },
    },
    {
      name: 'state save (1 key, TTL)',
      app: AppId.web,
      op: async (c, n) => {
        const result = await c.state.save(Component.stateStore, [
          { key: key(n), value: { n, at: Date.now() }, metadata: { ttlInSeconds: '120' } },
        ]);
        if (result.error) throw result.error;
      },
    },
    { name: 'state get bulk (1 key)', app: AppId.web, op: (c, n) => c.state.getBulk(Component.stateStore, [key(n)]) },
    {
      name: 'state delete (1 key)',
      app: AppId.web,
      op: async (c, n) => {
        const result = await c.state.delete(Component.stateStore, key(n));
        if (result.error) throw result.error;
      },
    },
    { name: 'secret get', app: AppId.web, op: (c) => c.secret.get(Component.secretStore, Secret.webSessionSecret) },
  ];

  console.log(
    `Dapr SDK per call, ${COUNT} operations (bulk publish: ${COUNT / 10} batches), ${CONCURRENCY} concurrent`,
  );
  console.log('operation                            protocol    ops/s    p50 ms   p99 ms  failures');
  const row = (name: string, protocol: string, r: Awaited<ReturnType<typeof measure>>) =>
    console.log(
      `${name.padEnd(36)} ${protocol.padEnd(8)} ${r.opsPerSecond.toFixed(0).padStart(8)} ${r.p50.toFixed(2).padStart(9)} ${r.p99.toFixed(2).padStart(8)} ${String(r.failures).padStart(9)}`,
    );
  const clients: DaprClient[] = [];
  for (const { name, app, op, count } of ops) {
    for (const protocol of ['http', 'grpc'] as const) {
      const client = sdk(app, protocol);
      clients.push(client);
      await client.start();
      row(name, protocol, await measure((n) => op(client, n), count));
    }
  }
  // What Taskmesh's invoke does instead (fetch to the sidecar's invoke API, docs/decisions/006-dapr-sdk.md).
  const wrapper = createDaprClient({ httpPort: ports(AppId.tasksApi).http, apiToken: daprApiToken() });
  row(
    'invoke (GET healthz)',
    'fetch',
    await measure(async () => {
      const response = await wrapper.invoke(AppId.tasksApi, invocationPath`healthz`);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    }),
  );
  await Promise.all(clients.map((c) => c.stop()));
  await wrapper.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
