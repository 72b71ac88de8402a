import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { createHttpApp, finish } from './http';
import { createLogger } from './logger';
import { bulkEventHandler, cronBinding } from './pubsub';

// Issue 15: event and binding routes take only their own sidecar's deliveries.
describe('event and cron routes', () => {
  const logger = createLogger('pubsub-test', 'silent');
  const handled: unknown[] = [];
  let ticks = 0;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = createHttpApp({ logger });
    app.post(
      '/events/things',
      bulkEventHandler(z.object({ id: z.string() }), logger, async (events) => {
        handled.push(...events);
      }),
    );
    cronBinding(app, 'some-sweep', logger, async () => {
      ticks += 1;
    });
    finish(app, logger);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ entries: [{ entryId: '1', event: { id: 'e1' } }] }),
    });

  it('handle a delivery from the sidecar (no caller app id)', async () => {
    expect((await post('/events/things')).status).toBe(200);
    expect((await post('/some-sweep')).status).toBe(200);
    expect(handled).toEqual([{ id: 'e1' }]);
    expect(ticks).toBe(1);
  });

  it('refuse a service invocation from another app, before reading it', async () => {
    for (const path of ['/events/things', '/some-sweep']) {
      const response = await post(path, { 'dapr-caller-app-id': 'web' });
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(handled).toHaveLength(1);
    expect(ticks).toBe(1);
  });
});
