import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { testDatabase } from './database';

/**
 * Where the test webhook receiver listens: a fixed origin, because the apps
 * call it only when it is listed in OUTBOUND_ALLOWED_ORIGINS (issue 15),
 * which infra/with-stack.sh sets for test runs.
 */
export const testWebhookReceiverOrigin = 'http://127.0.0.1:18433';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingMessage['headers'];
  /** The raw body, as signed: verify against this, never a re-serialised copy. */
  body: string;
  /** The status the receiver answered. */
  status: number;
}

export interface WebhookReceiver {
  /** Every request, in arrival order, whatever it was answered. */
  received: ReceivedWebhook[];
  /** A fresh URL on the receiver; what it answers is `answer(path)` (default 204). */
  newUrl(): string;
  /** Decides the status for each request, by its path (e.g. 500 while a test wants failures). */
  answer: (path: string) => number;
  /** The requests to one URL. */
  to(url: string): ReceivedWebhook[];
  close(): Promise<void>;
}

/** A local webhook receiver (what a user's server is to Taskmesh), answering as each test tells it. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    received: [],
    answer: () => 204,
    newUrl: () => `${testWebhookReceiverOrigin}/hooks/${randomBytes(12).toString('hex')}`,
    to: (url) => receiver.received.filter((r) => url.endsWith(r.path)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The next test file listens on the same port: do not wait for idle keep-alive connections.
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      const status = receiver.answer(path);
      receiver.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      // A body the sender must never show anyone (it keeps only the status).
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`receiver says ${status} <script>x</script>`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(new URL(testWebhookReceiverOrigin).port), '127.0.0.1', () => resolve());
  });
  return receiver;
}

/**
 * Deletes every webhook that points at the test receiver (with its deliveries),
 * when a suite ends: the stack's database is shared and kept between runs, and
 * webhooks left enabled there would make webhook-agent work on every later
 * run's events (benchmarks included). Only tests can register this origin.
 */
export async function deleteTestWebhooks(): Promise<void> {
  const db = testDatabase();
  try {
    await db.$executeRaw`DELETE FROM webhook_agent.webhooks WHERE url LIKE ${`${testWebhookReceiverOrigin}/%`}`;
  } finally {
    await db.$disconnect();
  }
}
