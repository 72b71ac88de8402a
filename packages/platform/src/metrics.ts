import { createServer, type Server } from 'node:http';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from './logger';

/**
 * Prometheus metrics of this process (one service per process). Served on
 * their own port (METRICS_PORT), not the app port: the app port only answers
 * its sidecar (loopback and the app API token), while Prometheus scrapes the
 * pod from outside. daprd's own metrics are on the sidecar's metrics port.
 * Every series is prefixed `taskmesh_`; default Node.js process metrics
 * (CPU, memory, event-loop lag, GC) come with it.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'taskmesh_' });

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = new Counter({
  name: 'taskmesh_http_requests_total',
  help: 'HTTP requests answered, by route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpRequestDuration = new Histogram({
  name: 'taskmesh_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by route pattern',
  labelNames: ['method', 'route'] as const,
  buckets: latencyBuckets,
  registers: [metricsRegistry],
});

export const httpServerErrors = new Counter({
  name: 'taskmesh_http_server_errors_total',
  help: 'Requests answered with a 5xx status (client errors are in taskmesh_http_requests_total by status)',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpRequestsShed = new Counter({
  name: 'taskmesh_http_requests_shed_total',
  help: 'Requests refused with 503 and Retry-After because the app was at its admission limit (issue 21)',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

export const eventsHandled = new Counter({
  name: 'taskmesh_events_handled_total',
  help: 'Pub/sub events delivered to this app, by topic and outcome (success, retry, drop)',
  labelNames: ['topic', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** A gauge read when Prometheus scrapes (outbox depth, connected sockets). */
export function gaugeOnScrape(
  name: string,
  help: string,
  read: () => number | Promise<number>,
  labels: Record<string, string> = {},
): Gauge {
  const existing = metricsRegistry.getSingleMetric(name) as Gauge | undefined;
  if (existing) return existing;
  return new Gauge({
    name,
    help,
    labelNames: Object.keys(labels),
    registers: [metricsRegistry],
    async collect() {
      this.set(labels, await read());
    },
  });
}

export function histogram(name: string, help: string, labelNames: string[], buckets: number[]): Histogram {
  const existing = metricsRegistry.getSingleMetric(name) as Histogram | undefined;
  return existing ?? new Histogram({ name, help, labelNames, buckets, registers: [metricsRegistry] });
}

/** GET /metrics on its own port; anything else is 404. */
export function startMetricsServer({ host, port, logger }: { host: string; port: number; logger: Logger }): Server {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricsRegistry
      .metrics()
      .then((body) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(body))
      .catch((error: Error) => {
        logger.warn({ err: error }, 'metrics collection failed');
        res.writeHead(500).end();
      });
  });
  server.listen(port, host, () => logger.info({ port, host }, 'metrics listening'));
  server.on('error', (error) => logger.error({ err: error }, 'metrics server failed'));
  return server;
}
