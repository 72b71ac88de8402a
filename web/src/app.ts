import path from 'node:path';
import { createRequestHandler } from '@remix-run/express';
import type { AppLoadContext, ServerBuild } from '@remix-run/node';
import { createHttpApp, finish, type Logger, notFoundRoute } from '@taskmesh/platform';
import express, { type Express } from 'express';
// The load context's fields (AppLoadContext is augmented there).
import type {} from '../app/lib/context';
import { sameOriginWrites } from './same-origin';
import { cspNonceLocal, securityHeaders } from './security-headers';

export interface WebAppDeps {
  build: ServerBuild;
  /** The Remix client build (assets, service worker). */
  clientDir: string;
  logger: Logger;
  /** Proxies in front of web whose X-Forwarded-For entries are believed (TRUSTED_PROXY_HOPS). */
  trustedProxyHops: number;
  /** The origins browsers load web from: only their pages may post to it. */
  publicOrigins: readonly string[];
  /** What every loader and action gets (AppLoadContext has an index signature, so Pick, not Omit). */
  context: Pick<AppLoadContext, 'dapr' | 'logger' | 'config'>;
}

/**
 * web's Express app: health endpoints and request logs shared with every
 * service, the Remix client assets, then every other path rendered by Remix.
 * Browsers reach web directly (its port, or the Ingress), so its pages are not
 * behind the app API token: that token proves a caller is the app's own
 * sidecar, and nothing invokes web through Dapr. web reaches everything else
 * through its sidecar.
 */
export function buildApp({ build, clientDir, logger, trustedProxyHops, publicOrigins, context }: WebAppDeps): Express {
  const app = createHttpApp({
    logger,
    trustedHops: trustedProxyHops,
    first: [securityHeaders({ publicOrigins, realtimeUrl: context.config.realtimeUrl })],
  });
  // Vite fingerprints everything under /assets: cache it for good.
  app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y' }));
  app.use(express.static(clientDir, { maxAge: '1h' }));
  // Browsers ask for /favicon.ico whatever the page links; the icon is an SVG.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/favicon.svg'));
  // The sidecar probes /dapr/config (and would /dapr/subscribe): web has neither, so it answers the
  // 404 every service gives, instead of Remix logging a "no route matches" stack per probe (issue 16).
  app.use('/dapr', notFoundRoute);
  app.use(sameOriginWrites(publicOrigins));
  app.all(
    '*splat',
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV === 'production' ? 'production' : 'development',
      getLoadContext: (req, res) => ({ ...context, clientIp: req.ip, cspNonce: res.locals[cspNonceLocal] as string }),
    }),
  );
  return finish(app, logger);
}
