import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDaprClient, type DaprClient, DaprError } from './dapr';
import { toDaprError } from './dapr-errors';

interface Seen {
  method: string;
  url: string;
  token: string | undefined;
  body: unknown;
}

/** A stand-in sidecar: answers the SDK's start probe (/metadata) and whatever a test sets for a path. */
function fakeSidecar(answers: Record<string, { status: number; body: unknown }>) {
  const seen: Seen[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0] ?? '';
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      token: req.headers['dapr-api-token'] as string | undefined,
      body: text ? JSON.parse(text) : undefined,
    });
    const answer = path === '/v1.0/metadata' ? { status: 200, body: { id: 'fake' } } : answers[path];
    res.writeHead(answer?.status ?? 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer?.body ?? { errorCode: 'ERR_NOT_FOUND' }));
  });
  return { server, seen };
}

describe('DaprClient through the SDK (issue 16)', () => {
  const { server, seen } = fakeSidecar({
    '/v1.0/state/statestore': { status: 409, body: { errorCode: 'ERR_STATE_SAVE', message: 'possible etag mismatch' } },
    '/v1.0/state/statestore/bulk': {
      status: 200,
      body: [{ key: 'here', data: { a: 1 }, etag: '1' }, { key: 'gone' }],
    },
    '/v1.0/state/statestore/lease': { status: 500, body: { errorCode: 'ERR_STATE_DELETE', message: 'redis down' } },
    '/v1.0-alpha1/publish/bulk/pubsub/task-events': {
      status: 500,
      body: { failedEntries: [{ entryId: 'e1', error: 'broker down' }], errorCode: 'ERR_PUBSUB_PUBLISH_MESSAGE' },
    },
    '/v1.0/secrets/secretstore/not-allowed': { status: 403, body: { errorCode: 'ERR_PERMISSION_DENIED' } },
    '/v1.0/secrets/secretstore/jwt-key': { status: 200, body: { 'jwt-key': 'secret value' } },
  });
  let dapr: DaprClient;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dapr = createDaprClient({ httpPort: (server.address() as AddressInfo).port, apiToken: 'the-token' });
    await dapr.waitForSidecar(5_000);
  });
  afterAll(async () => {
    await dapr.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('throws a 409 DaprError when a first-write save is refused (the SDK answers { error } instead)', async () => {
    const saving = dapr.saveState('statestore', [
      { key: 'lease', value: { by: 'me' }, onlyIfAbsent: true, ttlSeconds: 30 },
    ]);
    await expect(saving).rejects.toBeInstanceOf(DaprError);
    await expect(saving).rejects.toMatchObject({ status: 409 });
    const sent = seen.find((s) => s.method === 'POST' && s.url.startsWith('/v1.0/state/statestore'));
    expect(sent?.body).toEqual([
      { key: 'lease', value: { by: 'me' }, options: { concurrency: 'first-write' }, metadata: { ttlInSeconds: '30' } },
    ]);
  });

  it('throws a DaprError with the status when a delete fails', async () => {
    await expect(dapr.deleteState('statestore', 'lease')).rejects.toMatchObject({ name: 'DaprError', status: 500 });
  });

  it('throws when any entry of a bulk publish failed (dapr/js-sdk#703), and sends each entry as a CloudEvent with its partition key', async () => {
    const publishing = dapr.publishCloudEvents('pubsub', 'task-events', [
      { id: 'e1', event: { specversion: '1.0', id: 'e1', type: 't', source: 's' }, partitionKey: 'task-1' },
    ]);
    await expect(publishing).rejects.toMatchObject({ name: 'DaprError', status: 500 });
    const sent = seen.find((s) => s.url.startsWith('/v1.0-alpha1/publish/bulk/pubsub/task-events'));
    expect(sent?.body).toEqual([
      {
        entryId: 'e1',
        event: { specversion: '1.0', id: 'e1', type: 't', source: 's' },
        contentType: 'application/cloudevents+json',
        metadata: { partitionKey: 'task-1' },
      },
    ]);
  });

  it('reads secrets and bulk state, leaving missing keys without a value', async () => {
    await expect(dapr.getSecret('secretstore', 'jwt-key')).resolves.toBe('secret value');
    await expect(dapr.getSecret('secretstore', 'not-allowed')).rejects.toMatchObject({ status: 403 });
    await expect(dapr.getBulkState('statestore', ['here', 'gone'])).resolves.toEqual([
      { key: 'here', value: { a: 1 } },
      { key: 'gone' },
    ]);
  });

  it('refuses a key that would change the URL the SDK builds, before any request', async () => {
    const before = seen.length;
    await expect(dapr.deleteState('statestore', '../../shutdown')).rejects.toThrow('not a state key');
    expect(seen.length).toBe(before);
  });

  it('sends the API token on every call', () => {
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every((s) => s.token === 'the-token')).toBe(true);
  });
});

describe('toDaprError', () => {
  it('reads the status of the SDK HTTP client error', () => {
    const sdkError = new Error(JSON.stringify({ error: 'Conflict', error_msg: 'etag mismatch', status: 409 }));
    expect(toDaprError(sdkError, 'state save')).toMatchObject({
      status: 409,
      message: expect.stringContaining('HTTP 409'),
    });
  });

  it('gives no status when no sidecar answered', () => {
    expect(toDaprError(new TypeError('fetch failed'), 'secret').status).toBeUndefined();
  });
});
