import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDaprClient } from './dapr';
import { AppError } from './errors';
import { invocationPath } from './invocation-path';

describe('invocationPath', () => {
  it('puts each value in as one segment', () => {
    const id = '7d1c1a5e-2f4b-4c8e-9a1d-3b5e6f7a8b9c';
    expect(invocationPath`/tasks/${id}/complete`).toBe(`tasks/${id}/complete`);
    expect(invocationPath`internal/series/${42}`).toBe('internal/series/42');
  });

  it.each([
    ['..'],
    ['.'],
    [''],
    ['../../../../shutdown'],
    ['a/b'],
    ['a?b=c'],
    ['a#b'],
    ['%2e%2e'],
    ['a\\b'],
    ['x'.repeat(201)],
    ['caf\u00e9'],
  ])('refuses %j with a 400 naming the id', (value) => {
    let thrown: unknown;
    try {
      invocationPath`/tasks/${value}`;
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).status).toBe(400);
    expect((thrown as AppError).errors[0]?.field).toBe('id');
  });
});

describe('DaprClient.invoke', () => {
  let server: Server;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('stays inside /v1.0/invoke and encodes the query', async () => {
    const dapr = createDaprClient({ httpPort: (server.address() as AddressInfo).port });
    await dapr.invoke('tasks-api', invocationPath`/tasks`, { query: { q: '../../shutdown?x=1&y', none: undefined } });
    expect(seen.pop()).toBe('/v1.0/invoke/tasks-api/method/tasks?q=..%2F..%2Fshutdown%3Fx%3D1%26y');
  });

  it('refuses an app id that is not one segment', () => {
    const dapr = createDaprClient({ httpPort: (server.address() as AddressInfo).port });
    expect(() => dapr.invoke('../state', invocationPath`/x`)).toThrow('not an app id');
  });
});
