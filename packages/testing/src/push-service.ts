import { createECDH, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as ece from 'http_ece';

/** A browser's side of a web-push subscription: the keys only the browser has. */
export interface TestSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** Decrypts a push message body as the browser would (RFC 8291, aes128gcm). */
  decrypt(body: Buffer): string;
}

export interface ReceivedPush {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  receivedAt: Date;
}

/** An answer with a body, as real push services write one (an error text or JSON) with their status. */
export interface PushAnswer {
  status: number;
  body: string;
}

/**
 * Where the test push service listens: a fixed origin, because the apps call
 * it only when it is listed in OUTBOUND_ALLOWED_ORIGINS (issue 15), which
 * infra/with-stack.sh sets to exactly this for test runs.
 */
export const testPushServiceOrigin = 'http://127.0.0.1:18432';

export interface PushService {
  port: number;
  received: ReceivedPush[];
  /** Decides the answer for each request (default 201 Created); may do something drastic first. */
  respond: (push: ReceivedPush) => Promise<number | PushAnswer> | number | PushAnswer;
  /** A new subscription on this push service, with fresh keys. */
  subscribe(): TestSubscription;
  close(): Promise<void>;
}

/**
 * A local push service (what Mozilla's or Google's is to a browser): accepts
 * POSTs to subscription endpoints and keeps the encrypted requests, so tests
 * can decrypt them with the subscription's private key, as a browser would.
 */
export async function startPushService(): Promise<PushService> {
  const service: PushService = {
    port: 0,
    received: [],
    respond: () => 201,
    subscribe() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16).toString('base64url');
      return {
        endpoint: `${testPushServiceOrigin}/push/${randomBytes(12).toString('hex')}`,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth },
        decrypt: (body) =>
          ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth }).toString('utf8'),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The next test file listens on the same port: do not wait for idle keep-alive connections.
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const push = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), receivedAt: new Date() };
      Promise.resolve(service.respond(push))
        .then((answer) => {
          const { status, body } = typeof answer === 'number' ? { status: answer, body: '' } : answer;
          if (status >= 200 && status < 300) service.received.push(push);
          res.writeHead(status, { location: `/message/${randomBytes(8).toString('hex')}` }).end(body);
        })
        .catch(() => res.writeHead(500).end());
    });
  });
  const { hostname, port } = new URL(testPushServiceOrigin);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(port), hostname, () => resolve());
  });
  server.keepAliveTimeout = 1000;
  service.port = (server.address() as AddressInfo).port;
  return service;
}
