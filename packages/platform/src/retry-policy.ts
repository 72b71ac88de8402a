/** How failed sends to the outside (email, push, webhooks) are retried: exponential backoff with jitter, a bounded number of tries. */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export type AfterFailure = { retryAt: Date } | { giveUp: true };

/**
 * What to do after try number `attempts` failed. A permanent failure (the
 * address or subscription is refused for good) is never retried. Jitter
 * (75-100 % of the delay) keeps many failed deliveries from retrying in one burst.
 */
export function afterFailure(
  policy: RetryPolicy,
  attempts: number,
  permanent: boolean,
  now: Date,
  random: () => number = Math.random,
): AfterFailure {
  if (permanent || attempts >= policy.maxAttempts) return { giveUp: true };
  const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempts - 1));
  return { retryAt: new Date(now.getTime() + Math.round(delay * (0.75 + 0.25 * random()))) };
}
