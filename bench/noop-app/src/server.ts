// The ceilings of service invocation and of pub/sub (issue 21): an app that
// does no work at all, behind a sidecar of its own, so a benchmark can measure
// what the mesh alone allows on this machine and set the figures beside it.
// - Any request: 200 and a small JSON body (invocation's ceiling).
// - With BENCH_PUBSUB and BENCH_TOPIC: it bulk-subscribes to that topic, takes
//   every event at once, and keeps each one's latency from its `sentAt`
//   (pub/sub's ceiling); GET /stats reads them, POST /stats/reset clears them.
import { createServer, type ServerResponse } from 'node:http';

const port = Number(process.env.APP_PORT);
if (!Number.isInteger(port) || port <= 0) throw new Error('APP_PORT must be a port');
const pubsub = process.env.BENCH_PUBSUB;
const topic = process.env.BENCH_TOPIC;

let received = 0;
let latencies: number[] = [];

const json = (res: ServerResponse, body: unknown) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));

interface BulkEntry {
  entryId: string;
  event?: { data?: { sentAt?: number } } | string;
}

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const path = req.url?.split('?')[0];
    if (req.method === 'GET' && path === '/dapr/subscribe') {
      const bulkSubscribe = { enabled: true, maxMessagesCount: 500, maxAwaitDurationMs: 50 };
      json(res, pubsub && topic ? [{ pubsubname: pubsub, topic, route: '/events', bulkSubscribe }] : []);
      return;
    }
    if (req.method === 'POST' && path === '/events') {
      const now = Date.now();
      const { entries = [] } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { entries?: BulkEntry[] };
      for (const entry of entries) {
        const event = typeof entry.event === 'string' ? JSON.parse(entry.event) : entry.event;
        const sentAt = event?.data?.sentAt;
        received += 1;
        if (typeof sentAt === 'number') latencies.push(now - sentAt);
      }
      json(res, { statuses: entries.map((entry) => ({ entryId: entry.entryId, status: 'SUCCESS' })) });
      return;
    }
    if (req.method === 'GET' && path === '/stats') {
      json(res, { received, latencies });
      return;
    }
    if (req.method === 'POST' && path === '/stats/reset') {
      received = 0;
      latencies = [];
      json(res, { ok: true });
      return;
    }
    json(res, { ok: true });
  });
}).listen(port, '127.0.0.1');
