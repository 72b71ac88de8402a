import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { createHttpApp, finish } from './http';
import { createLogger } from './logger';
import { isoDateTime } from './query-params';
import { defineRoute, registerRoutes } from './routes';

const logger = createLogger('routes-test', 'silent');

/** One route that echoes what it was given, so a test sees whether the handler ran. */
async function serve() {
  const app = createHttpApp({ logger });
  const seen: unknown[] = [];
  registerRoutes(app, [
    defineRoute(
      {
        method: 'post',
        path: '/things/:name',
        operationId: 'thing',
        summary: 'a thing',
        tag: 'test',
        security: 'none',
        params: z.object({ name: z.string() }),
        query: z.object({ q: z.string().optional(), at: isoDateTime().optional() }).strict(),
        body: z.object({ title: z.string(), tags: z.array(z.string()).default([]) }).strict(),
        responses: {},
      },
      async (_req, res, input) => {
        seen.push(input);
        res.status(204).end();
      },
    ),
  ]);
  finish(app, logger);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const post = async (path: string, body: string) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body,
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type'), body: text ? JSON.parse(text) : {} };
  };
  return { post, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('every route refuses text PostgreSQL cannot store (issue 15)', () => {
  it('answers 400 problem+json naming the field, before the handler runs', async () => {
    const server = await serve();
    try {
      const cases: Array<[string, string, string]> = [
        ['/things/a', '{"title":"a\\u0000b"}', 'title'],
        ['/things/a', '{"title":"a","tags":["ok","\\ud800"]}', 'tags.1'],
        ['/things/a', '{"title":"a\\udc00"}', 'title'],
        ['/things/a?q=x%00y', '{"title":"a"}', 'q'],
        ['/things/a%00b', '{"title":"a"}', 'name'],
      ];
      for (const [path, body, field] of cases) {
        const response = await server.post(path, body);
        expect({ path, body, status: response.status }).toEqual({ path, body, status: 400 });
        expect(response.type).toContain('application/problem+json');
        expect(response.body.errors).toEqual([{ field, message: expect.stringMatching(/NUL|surrogate/) }]);
      }
      expect(server.seen).toEqual([]);
      expect((await server.post('/things/a?q=x', '{"title":"ok 😀"}')).status).toBe(204);
    } finally {
      await server.close();
    }
  });

  it('refuses instants outside years 1 to 9999 in UTC, wherever the offset puts them', async () => {
    const server = await serve();
    try {
      for (const at of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-01:00']) {
        const response = await server.post(`/things/a?at=${encodeURIComponent(at)}`, '{"title":"a"}');
        expect({ at, status: response.status, field: response.body.errors?.[0]?.field }).toEqual({
          at,
          status: 400,
          field: 'at',
        });
      }
      for (const at of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-06-01T09:00:00+02:00'])
        expect((await server.post(`/things/a?at=${encodeURIComponent(at)}`, '{"title":"a"}')).status).toBe(204);
    } finally {
      await server.close();
    }
  });
});
