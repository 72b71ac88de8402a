import { AppError, ErrorCode } from '@taskmesh/platform';
import type { Request, RequestHandler } from 'express';

/**
 * Cross-site request forgery (issue 15): anything but a GET or HEAD must come
 * from one of web's own pages. Browsers name the page's origin in Origin on
 * every such request (Referer stands in where Origin is absent); a page on
 * another site, or one whose origin the browser hides ("null"), is refused
 * before any action runs, so nothing changes. A request naming neither is
 * refused too: web's only clients are browsers (other apps call tasks-api
 * through their own sidecar). SameSite=Lax on the session cookie is a second
 * layer, not the only one: it lets same-site subdomains through.
 */
export function sameOriginWrites(publicOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(publicOrigins);
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const origin = requestOrigin(req);
    if (origin !== undefined && allowed.has(origin)) return next();
    next(new AppError(ErrorCode.forbidden, 'Changes are only accepted from Taskmesh’s own pages'));
  };
}

function requestOrigin(req: Request): string | undefined {
  const origin = req.header('origin');
  if (origin !== undefined) return origin;
  const referer = req.header('referer');
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
