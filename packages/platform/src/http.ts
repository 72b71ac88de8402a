import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
import { admissionControl } from './admission';
import { AppError, ErrorCode, notFoundRoute, problemHandler } from './errors';
import { correlationStore, type Logger } from './logger';
import { httpRequestDuration, httpRequests, httpServerErrors } from './metrics';

export interface AppOptions {
  logger: Logger;
  /**
   * When the sidecar is configured with an app API token (APP_API_TOKEN), it
   * sends it on every call; the app then refuses any request without it, so
   * nothing but its own sidecar can call it.
   */
  appApiToken?: string;
  /** Largest accepted JSON body. */
  bodyLimit?: string;
  /**
   * Largest accepted body under /events/ (pub/sub deliveries from the sidecar,
   * which a bulk subscription batches into megabytes).
   */
  eventBodyLimit?: string;
  /**
   * Larger limits for the routes under a path that take files (tasks-api's
   * /imports, issue 20): the limit stays small everywhere else.
   */
  largeBodies?: Record<`/${string}`, string>;
  /** Readiness check: resolves when the service can do its work (database reachable, ...). */
  ready?: () => Promise<void>;
  /**
   * Hops in front of this app whose X-Forwarded-For entries are believed
   * (Express `trust proxy`): `req.ip` is the address the outermost trusted hop
   * saw, and whatever a client wrote further left is ignored. Default: an app
   * reached by service invocation (daprInvocationHops). web, which browsers
   * reach directly or through the Ingress, passes TRUSTED_PROXY_HOPS.
   */
  trustedHops?: number;
  /** Runs before everything else, probes included (web's security headers go on every response). */
  first?: RequestHandler[];
}

/**
 * What tasks-api receives from a call through web (logged in a test run,
 * issue 15): the socket peer is its own sidecar (127.0.0.1) and
 * `X-Forwarded-For: <what web sent>, <host address of web's sidecar>`, since
 * the calling daprd appends its own host address (dapr
 * pkg/messaging/direct_messaging.go, addForwardedHeadersToMetadata). Trusting
 * these two hops makes `req.ip` the address the calling app reported (web:
 * the browser's), or the calling sidecar's host when the app reported none.
 * Without it every browser behind one web replica shared one address.
 */
export const daprInvocationHops = 2;

/**
 * An Express app with what every Taskmesh service shares: JSON (and
 * CloudEvents JSON) bodies, a correlation id per request, request logs and
 * health endpoints. Call `finish(app)` after adding routes.
 */
export function createHttpApp({
  logger,
  bodyLimit = '100kb',
  eventBodyLimit = '16mb',
  largeBodies = {},
  ready,
  appApiToken,
  trustedHops = daprInvocationHops,
  first = [],
}: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  for (const handler of first) app.use(handler);
  // A hop count, not 'loopback': the calling sidecar's address is not loopback
  // (in a pod it is the pod's address), and a count never trusts an entry a
  // client wrote, however many it adds (issue 15).
  app.set('trust proxy', trustedHops);
  app.use(correlation);
  app.use(requestLog(logger));

  // Liveness: the process answers. Readiness: it can reach what it needs.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await ready?.();
      res.json({ status: 'ready' });
    } catch (error) {
      res.status(503).json({ status: 'not-ready', reason: (error as Error).message });
    }
  });
  // After the probes: daprd's app health probe (and Kubernetes') send no token.
  if (appApiToken) app.use(requireAppApiToken(appApiToken));
  // Past capacity, refuse at the door (issue 21): before any body is read.
  app.use(admissionControl);
  const jsonTypes = ['application/json', 'application/*+json'];
  // Parsed once: the general parser skips a body already parsed here.
  app.use('/events', express.json({ limit: eventBodyLimit, type: jsonTypes }));
  for (const [path, limit] of Object.entries(largeBodies)) app.use(path, express.json({ limit, type: jsonTypes }));
  app.use(express.json({ limit: bodyLimit, type: jsonTypes }));
  return app;
}

/** Adds the 404 and problem+json handlers; call after every route is registered. */
export function finish(app: Express, logger: Logger): Express {
  app.use(notFoundRoute);
  app.use(problemHandler(logger));
  return app;
}

function requireAppApiToken(token: string): RequestHandler {
  const expected = Buffer.from(token);
  return (req, _res, next) => {
    const given = Buffer.from(req.header('dapr-api-token') ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      next();
      return;
    }
    next(new AppError(ErrorCode.unauthorized, 'This app only accepts calls through its Dapr sidecar'));
  };
}

const correlation: RequestHandler = (req, res, next) => {
  // Dapr forwards W3C trace context; its trace id makes a good correlation id.
  const traceparent = req.header('traceparent');
  const id = req.header('x-correlation-id') ?? traceparent?.split('-')[1] ?? randomUUID();
  res.setHeader('x-correlation-id', id);
  correlationStore.run({ correlationId: id, traceparent, tracestate: req.header('tracestate') }, next);
};

function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      // The route pattern (/tasks/:id), never the URL: one series per route, not per task.
      const route = req.route ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      const status = String(res.statusCode);
      httpRequests.inc({ method: req.method, route, status });
      httpRequestDuration.observe({ method: req.method, route }, ms / 1000);
      if (res.statusCode >= 500) httpServerErrors.inc({ method: req.method, route, status });
      const entry = { method: req.method, url: req.originalUrl, status: res.statusCode, ms };
      // Probes, Dapr's own start-up calls and cron ticks would drown the log at info.
      if (res.locals.quietLog || /^\/(healthz|readyz|dapr\/)/.test(req.path)) logger.debug(entry, 'request');
      else logger.info(entry, 'request');
    });
    next();
  };
}

export interface RunOptions {
  app: Express;
  port: number;
  host?: string;
  logger: Logger;
  shutdownTimeoutMs: number;
  /** Runs after the server stops accepting connections (close pools, stop timers). */
  onShutdown?: () => Promise<void>;
}

/** Listens, and on SIGTERM/SIGINT stops accepting, drains, runs onShutdown and exits. */
export function runServer({
  app,
  port,
  host = '127.0.0.1',
  logger,
  shutdownTimeoutMs,
  onShutdown,
}: RunOptions): Server {
  const server = app.listen(port, host, () => logger.info({ port, host }, 'listening'));
  // Longer than the sidecar's idle connection reuse, so a reused keep-alive
  // connection is never closed under a request in flight.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'server failed');
    process.exit(1);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.warn('shutdown timed out; exiting');
      process.exit(1);
    }, shutdownTimeoutMs);
    force.unref();
    server.close(() => {
      void (async () => {
        try {
          await onShutdown?.();
          logger.info('stopped');
          process.exit(0);
        } catch (error) {
          logger.error({ err: error }, 'shutdown hook failed');
          process.exit(1);
        }
      })();
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return server;
}
