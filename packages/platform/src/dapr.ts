import { type InvocationPath, isPathSegment } from './invocation-path';

/**
 * The one way Taskmesh code talks to Dapr: plain HTTP to the service's own
 * sidecar on 127.0.0.1. No broker, cache or socket.io-adapter clients anywhere.
 */

export class DaprError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DaprError';
  }
}

export interface DaprClientOptions {
  httpPort: number;
  apiToken?: string;
  /** Per-call timeout; Dapr's own resiliency policies handle retries behind the sidecar. */
  timeoutMs?: number;
}

export type DaprClient = ReturnType<typeof createDaprClient>;

export function createDaprClient({ httpPort, apiToken, timeoutMs = 10_000 }: DaprClientOptions) {
  const base = `http://127.0.0.1:${httpPort}/v1.0`;

  async function call(path: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (apiToken) headers.set('dapr-api-token', apiToken);
    try {
      return await fetch(`${base}${path}`, {
        ...init,
        headers,
        signal: AbortSignal.timeout(init.timeoutMs ?? timeoutMs),
      });
    } catch (cause) {
      throw new DaprError(`Dapr sidecar on port ${httpPort} unreachable for ${path}: ${(cause as Error).message}`);
    }
  }

  async function expectOk(response: Response, what: string): Promise<Response> {
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    throw new DaprError(`${what} failed: HTTP ${response.status} ${text.slice(0, 500)}`, response.status);
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
      const body = events.map(({ id, event, partitionKey }) => ({
        entryId: id,
        event,
        contentType: 'application/cloudevents+json',
        ...(partitionKey ? { metadata: { partitionKey } } : {}),
      }));
      const response = await call(`-alpha1/publish/bulk/${pubsub}/${encodeURIComponent(topic)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await expectOk(response, `bulk publish of ${events.length} events to ${topic}`);
    },

    /**
     * Service invocation through the sidecar: /v1.0/invoke/<app-id>/method/<path>?<query>.
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
      return call(`/invoke/${appId}/method/${path}${search}`, init);
    },

    async getSecret(store: string, key: string): Promise<string> {
      const response = await expectOk(await call(`/secrets/${store}/${encodeURIComponent(key)}`), `secret ${key}`);
      const body = (await response.json()) as Record<string, string>;
      const value = body[key];
      if (value === undefined) throw new DaprError(`secret ${key} missing from store ${store}`);
      return value;
    },

    /**
     * Saves state. With `etag`, only over that version; with `onlyIfAbsent`,
     * only if the key does not exist (first-write without an ETag). Either
     * failing is a DaprError with status 409.
     */
    async saveState(
      store: string,
      items: Array<{ key: string; value: unknown; etag?: string; onlyIfAbsent?: boolean; ttlSeconds?: number }>,
    ): Promise<void> {
      const body = items.map(({ key, value, etag, onlyIfAbsent, ttlSeconds }) => ({
        key,
        value,
        ...(etag || onlyIfAbsent ? { ...(etag ? { etag } : {}), options: { concurrency: 'first-write' } } : {}),
        ...(ttlSeconds ? { metadata: { ttlInSeconds: String(ttlSeconds) } } : {}),
      }));
      await expectOk(
        await call(`/state/${store}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
        'state save',
      );
    },

    /** Reads many keys in one call; a key that does not exist has no value. */
    async getBulkState<T>(store: string, keys: string[]): Promise<Array<{ key: string; value?: T }>> {
      if (keys.length === 0) return [];
      const response = await expectOk(
        await call(`/state/${store}/bulk`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ keys, parallelism: 10 }),
        }),
        'state bulk get',
      );
      const items = (await response.json()) as Array<{ key: string; data?: T }>;
      return items.map((item) => ({ key: item.key, ...(item.data !== undefined ? { value: item.data } : {}) }));
    },

    async deleteState(store: string, key: string): Promise<void> {
      await expectOk(
        await call(`/state/${store}/${encodeURIComponent(key)}`, { method: 'DELETE' }),
        `state delete ${key}`,
      );
    },

    /** Waits until the sidecar can reach its components (outbound healthz). */
    async waitForSidecar(deadlineMs = 60_000): Promise<void> {
      const until = Date.now() + deadlineMs;
      let last = '';
      while (Date.now() < until) {
        try {
          const response = await call('/healthz/outbound', { timeoutMs: 2_000 });
          if (response.ok) return;
          last = `HTTP ${response.status}`;
        } catch (error) {
          last = (error as Error).message;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new DaprError(`Dapr sidecar on port ${httpPort} not ready after ${deadlineMs} ms (${last})`);
    },
  };
}
