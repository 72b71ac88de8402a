import type { RequestHandler } from 'express';
import { AppError, ErrorCode } from './errors';

export interface RateLimitRule {
  /** Identifies who is limited, or undefined to skip this rule for the request. */
  keyOf: (req: Parameters<RequestHandler>[0]) => string | undefined;
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/**
 * Token buckets per key (refilled continuously: `limit` tokens per window).
 * Buckets live in this process, so with N replicas a client may get up to N
 * times the limit; the limit protects each replica from request volume, which
 * is its purpose. (A shared limit through the Dapr state store would cost two
 * sidecar round-trips per request.) Limits that are about security rather
 * than load (failed sign-ins, account email) must hold across replicas:
 * tasks-api counts those in PostgreSQL (security/throttles.ts, issue 15).
 * Per-address keys use `req.ip`, the client's address behind the trusted
 * hops (createHttpApp's trustedHops).
 */
export function rateLimit(rules: RateLimitRule[]): RequestHandler {
  const buckets = rules.map(() => new Map<string, { tokens: number; at: number }>());
  const sweep = setInterval(() => {
    const now = Date.now();
    rules.forEach((rule, i) => {
      for (const [key, bucket] of buckets[i] ?? []) {
        if (now - bucket.at > rule.windowMs) buckets[i]?.delete(key);
      }
    });
  }, 60_000);
  sweep.unref();

  return (req, res, next) => {
    const now = Date.now();
    for (const [i, rule] of rules.entries()) {
      const key = rule.keyOf(req);
      if (key === undefined) continue;
      const map = buckets[i] as Map<string, { tokens: number; at: number }>;
      const perMs = rule.limit / rule.windowMs;
      const bucket = map.get(key) ?? { tokens: rule.limit, at: now };
      bucket.tokens = Math.min(rule.limit, bucket.tokens + (now - bucket.at) * perMs);
      bucket.at = now;
      map.set(key, bucket);
      if (bucket.tokens < 1) {
        const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
        res.setHeader('ratelimit-limit', String(rule.limit));
        next(
          new AppError(
            ErrorCode.rateLimited,
            `Rate limit of ${rule.limit} requests per ${rule.windowMs / 1000} s reached`,
            {
              headers: { 'retry-after': String(retryAfter) },
            },
          ),
        );
        return;
      }
      bucket.tokens -= 1;
    }
    next();
  };
}
