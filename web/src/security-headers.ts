import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';

export interface SecurityHeaderOptions {
  /** The origins browsers load web from (WEB_PUBLIC_ORIGINS). */
  publicOrigins: readonly string[];
  /** Where browsers open their socket.io connection ('' = web's own origin). */
  realtimeUrl: string;
}

/** The locals key of the request's script nonce, read by getLoadContext. */
export const cspNonceLocal = 'cspNonce';

/**
 * Security headers on every response web serves, pages, assets and errors
 * alike (issue 15). The Content-Security-Policy lets scripts run only from
 * web's origin or with this request's nonce (the inline scripts Remix renders
 * carry it: entry.server.tsx, root.tsx); styles come only from the built CSS
 * file; sockets go only to realtime-sync. No page may be framed (clickjacking).
 * HSTS only where web is served over https: sent over http it would be ignored
 * at best, and it would pin a local setup to https at worst.
 */
export function securityHeaders({ publicOrigins, realtimeUrl }: SecurityHeaderOptions): RequestHandler {
  const socketOrigins = realtimeUrl ? [new URL(realtimeUrl).origin] : [...publicOrigins];
  // socket.io polls over http(s) and then upgrades to ws(s) on the same host.
  const connect = [...new Set(socketOrigins.flatMap((origin) => [origin, origin.replace(/^http/, 'ws')]))];
  const https = publicOrigins.every((origin) => origin.startsWith('https://'));
  return (_req, res, next) => {
    const nonce = randomBytes(16).toString('base64');
    res.locals[cspNonceLocal] = nonce;
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce, connect));
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (https) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

function contentSecurityPolicy(nonce: string, connect: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
