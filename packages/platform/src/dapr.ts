import {
  CommunicationProtocolEnum,
  LogLevel,
  type LoggerService,
  DaprClient as SdkClient,
  type HTTPClient,
  StateConcurrencyEnum,
  StateConsistencyEnum,
} from '@dapr/dapr';
import { DaprError, SidecarUnreachableError, toDaprError } from './dapr-errors';
import { type InvocationPath, isPathSegment } from './invocation-path';
import type { Logger } from './logger';

export { DaprError, SidecarUnreachableError } from './dapr-errors';

/**
 * The one way Taskmesh code talks to Dapr: its own sidecar on 127.0.0.1,
 * through the official JavaScript SDK (@dapr/dapr, issue 16). No broker,
 * cache or socket.io-adapter clients anywhere. Service invocation is the one
 * call the SDK cannot make for us (it returns neither the callee's status nor
 * its headers): see docs/decisions/006-dapr-sdk.md.
 */

export interface DaprClientOptions {
  httpPort: number;
  apiToken?: string;
  /** Per-call timeout; Dapr's own resiliency policies handle retries behind the sidecar. */
  timeoutMs?: number;
  /** Where the SDK's own log lines go (at debug: every failure reaches the caller as a DaprError). */
  logger?: Logger;
}

export type DaprClient = ReturnType<typeof createDaprClient>;

const firstWrite = {
  concurrency: StateConcurrencyEnum.CONCURRENCY_FIRST_WRITE,
  consistency: StateConsistencyEnum.CONSISTENCY_UNSPECIFIED,
};

/** State keys and secret names: the SDK's HTTP client puts them in the URL path unencoded. */
const keyPattern = /^[A-Za-z0-9_~:-][A-Za-z0-9._~:-]{0,399}$/;

function checkKey(key: string): string {
  if (!keyPattern.test(key))
    throw new DaprError(`not a state key or secret name: ${JSON.stringify(key.slice(0, 100))}`);
  return key;
}

/** The SDK's log lines into ours; at info and above only, since its debug lines print request headers (the API token). */
function sdkLogger(logger: Logger | undefined): { level: LogLevel; service: LoggerService } {
  const log = (message: unknown, ...rest: unknown[]) =>
    logger?.debug({ sdk: rest.length > 0 ? rest : undefined }, String(message));
  return { level: LogLevel.Info, service: { error: log, warn: log, info: log, verbose: log, debug: log } };
}

export function createDaprClient({ httpPort, apiToken, timeoutMs = 10_000, logger }: DaprClientOptions) {
  // HTTP for every call: bench/dapr-client.ts measured the SDK's gRPC client
  // slower for each call Taskmesh makes (docs/decisions/006-dapr-sdk.md).
  const sdk = new SdkClient({
    daprHost: '127.0.0.1',
    daprPort: String(httpPort),
    communicationProtocol: CommunicationProtocolEnum.HTTP,
    daprApiToken: apiToken,
    logger: sdkLogger(logger),
  });
  const transport = sdk.daprClient as HTTPClient;

  /** Runs one SDK call within the timeout; whatever it throws becomes a DaprError. */
  async function bounded<T>(what: string, run: () => Promise<T>, ms = timeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SidecarUnreachableError(`${what} timed out after ${ms} ms`)), ms);
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (error) {
      throw toDaprError(error, what);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The SDK's save and delete over HTTP answer `{ error }` instead of throwing. */
  function throwIfFailed(result: { error?: unknown }): void {
    if (result.error !== undefined) throw result.error;
  }

  return {
    /**
     * Publishes many complete CloudEvents to one topic in one call (Dapr's
     * bulk publish API; Kafka sends them as one batch). All or nothing from
     * the caller's view: on any failure it throws and the caller retries all.
     */
    async publishCloudEvents(
      pubsub: string,
      topic: string,
      events: Array<{ id: string; event: Record<string, unknown>; partitionKey?: string }>,
    ): Promise<void> {
      if (events.length === 0) return;
      const what = `bulk publish of ${events.length} events to ${topic}`;
      const entries = events.map(({ id, event, partitionKey }) => ({
        entryId: id,
        event,
        contentType: 'application/cloudevents+json',
        ...(partitionKey ? { metadata: { partitionKey } } : {}),
      }));
      // Through the SDK's HTTP client rather than its publishBulk: that one
      // answers "no failures" when the sidecar reports failed entries
      // (dapr/js-sdk#703), and its gRPC variant drops each entry's partition
      // key. The client throws on any non-2xx, which becomes a DaprError.
      await bounded(what, () =>
        transport.executeWithApiVersion('v1.0-alpha1', `/publish/bulk/${pubsub}/${encodeURIComponent(topic)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: entries,
        }),
      );
    },

    /**
     * Service invocation through the sidecar: /v1.0/invoke/<app-id>/method/<path>?<query>.
     * The one call not made through the SDK: its invoker answers only the
     * parsed body, and callers need the callee's status (201 vs 200, 404,
     * 409) and headers (ETag) (docs/decisions/006-dapr-sdk.md).
     * The path comes only from `invocationPath` and the query is encoded here,
     * so nothing from a request can reach another of the sidecar's APIs.
     */
    invoke(
      appId: string,
      path: InvocationPath,
      { query, ...init }: RequestInit & { timeoutMs?: number; query?: Record<string, string | undefined> } = {},
    ): Promise<Response> {
      if (!isPathSegment(appId)) throw new DaprError(`not an app id: ${JSON.stringify(appId)}`);
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, value);
      const search = params.size > 0 ? `?${params}` : '';
      const headers = new Headers(init.headers);
      if (apiToken) headers.set('dapr-api-token', apiToken);
      const url = `http://127.0.0.1:${httpPort}/v1.0/invoke/${appId}/method/${path}${search}`;
      return fetch(url, { ...init, headers, signal: AbortSignal.timeout(init.timeoutMs ?? timeoutMs) }).catch(
        (cause) => {
          throw new SidecarUnreachableError(
            `Dapr sidecar on port ${httpPort} unreachable for invoke ${appId}: ${(cause as Error).message}`,
          );
        },
      );
    },

    async getSecret(store: string, key: string): Promise<string> {
      const found = await bounded(`secret ${key}`, () => sdk.secret.get(store, checkKey(key)));
      const value = (found as Record<string, unknown> | undefined)?.[key];
      if (typeof value !== 'string') throw new DaprError(`secret ${key} missing from store ${store}`);
      return value;
    },

    /**
     * Saves state. With `etag`, only over that version; with `onlyIfAbsent`,
     * only if the key does not exist (first-write without an ETag). Either
     * failing is a DaprError with status 409 (or 500, as some stores answer).
     */
    async saveState(
      store: string,
      items: Array<{ key: string; value: unknown; etag?: string; onlyIfAbsent?: boolean; ttlSeconds?: number }>,
    ): Promise<void> {
      const states = items.map(({ key, value, etag, onlyIfAbsent, ttlSeconds }) => ({
        key: checkKey(key),
        value,
        ...(etag ? { etag } : {}),
        ...(etag || onlyIfAbsent ? { options: firstWrite } : {}),
        ...(ttlSeconds ? { metadata: { ttlInSeconds: String(ttlSeconds) } } : {}),
      }));
      await bounded('state save', async () => throwIfFailed(await sdk.state.save(store, states)));
    },

    /** Reads many keys in one call; a key that does not exist has no value. */
    async getBulkState<T>(store: string, keys: string[]): Promise<Array<{ key: string; value?: T }>> {
      if (keys.length === 0) return [];
      const items = await bounded('state bulk get', () =>
        sdk.state.getBulk(store, keys.map(checkKey), { parallelism: 10 }),
      );
      return (items as Array<{ key: string; data?: unknown }>).map((item) => ({
        key: item.key,
        ...(item.data !== undefined ? { value: item.data as T } : {}),
      }));
    },

    async deleteState(store: string, key: string): Promise<void> {
      await bounded(`state delete ${key}`, async () => throwIfFailed(await sdk.state.delete(store, checkKey(key))));
    },

    /**
     * Waits until the sidecar answers its metadata API (the SDK's own start).
     * daprd (v1.18, pkg/runtime initRuntime)
     * opens its APIs only after loading its components, so from then on
     * secrets, state and pub/sub are there. The SDK gives up after about 30 s
     * of polling; a slow broker can take longer, so it is asked again until
     * the deadline.
     */
    async waitForSidecar(deadlineMs = 60_000): Promise<void> {
      const until = Date.now() + deadlineMs;
      for (;;) {
        try {
          await bounded(`Dapr sidecar on port ${httpPort} start`, () => sdk.start(), Math.max(until - Date.now(), 1));
          return;
        } catch (error) {
          if (Date.now() >= until) throw error;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    },

    /** Closes the SDK's pooled connections (tests and benchmarks; services just exit). */
    async close(): Promise<void> {
      await sdk.stop();
    },
  };
}
