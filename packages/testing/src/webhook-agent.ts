import { consumerGroupPassed } from './barrier';
import { keepDown } from './processes';
import { startSidecar } from './sidecar';
import { reachableThroughMesh, runFileApps } from './stack';

/**
 * Holds the stack's webhook-agent down and runs one of its own with short
 * leases and retries (a failing delivery is dead in seconds, not hours), on
 * the ports of `slot` (1: 3516…, 2: 3526…). Resolves once it is reachable
 * through service invocation and its consumer group has read task-events up
 * to now, so a test's events are read within moments. `stop` puts the stack's
 * own replica back.
 */
export async function startWebhookAgentWithShortRetries(
  slot: 1 | 2 | 8,
  maxAttempts: number,
): Promise<{ stop: () => Promise<void> }> {
  const release = await keepDown('webhook-agent');
  const app = runFileApps().find((a) => a.appID === 'webhook-agent');
  if (!app) throw new Error('webhook-agent missing from dapr.yaml');
  const replica = await startSidecar({
    appId: 'webhook-agent',
    httpPort: 3506 + slot * 10,
    grpcPort: 3606 + slot * 10,
    internalGrpcPort: 3706 + slot * 10,
    app: {
      dir: app.appDirPath,
      port: 3106 + slot * 10,
      env: {
        DELIVERY_LEASE_SECONDS: '3',
        SEND_TIMEOUT_MS: '1500',
        RETRY_BASE_MS: '300',
        RETRY_MAX_MS: '1000',
        MAX_ATTEMPTS: String(maxAttempts),
      },
    },
  });
  await reachableThroughMesh('webhook-agent');
  // A machine whose Kafka kept other runs' events makes a new consumer group read them all first.
  await consumerGroupPassed('webhook-agent', 'task-events', 600_000);
  return {
    stop: async () => {
      replica.stop();
      await release();
    },
  };
}
