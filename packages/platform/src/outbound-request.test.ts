import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createOutboundClient, type OutboundClient, OutboundRequestFailed } from './outbound-request';
import { OutboundUrlRefused } from './outbound-url';

// issue 15: the client that calls user-supplied URLs.
describe('createOutboundClient', () => {
  let server: Server;
  let origin: string;
  const requests: string[] = [];
  const sockets: Socket[] = [];
  let answer: (req: IncomingMessage, res: ServerResponse) => void;
  let client: OutboundClient;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      answer(req, res);
    });
    server.on('connection', (socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The resolver answers every name with loopback, as a rebinding DNS server would.
    client = createOutboundClient({
      allowed: new Set([origin]),
      timeoutMs: 300,
      maxSockets: 4,
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });
  });
  beforeEach(() => {
    requests.length = 0;
    sockets.length = 0;
  });
  afterAll(async () => {
    client.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (url: string) => client.send(url, { method: 'POST', headers: { ttl: '60' }, body: 'hello' });

  it('answers only with the status; a redirect is not followed', async () => {
    answer = (_req, res) => res.writeHead(302, { location: `${origin}/elsewhere` }).end('see elsewhere');
    await expect(post(`${origin}/push/1`)).resolves.toBe(302);
    expect(requests).toEqual(['/push/1']);
    answer = (_req, res) => res.writeHead(403).end('x'.repeat(200_000));
    await expect(post(`${origin}/push/2`)).resolves.toBe(403);
  });

  it('gives up with a fixed reason when the peer does not answer', async () => {
    answer = () => undefined;
    const failure = post(`${origin}/push/silent`);
    await expect(failure).rejects.toBeInstanceOf(OutboundRequestFailed);
    await expect(failure).rejects.toThrow('no answer within 300 ms');
  });

  it('refuses before connecting: http, loopback literals, and names that resolve to loopback', async () => {
    const port = new URL(origin).port;
    for (const [url, reason] of [
      [`http://push.example.com:${port}/x`, 'must use https'],
      [`https://127.0.0.1:${port}/x`, 'loopback'],
      [`https://2130706433:${port}/x`, 'loopback'],
      [`https://push.example.com:${port}/x`, 'resolves to a loopback address'],
    ] as const) {
      const refused = post(url);
      await expect(refused).rejects.toBeInstanceOf(OutboundUrlRefused);
      await expect(refused).rejects.toThrow(reason);
    }
    expect(sockets).toHaveLength(0);
  });
});
