import { afterFailure } from './retry-policy';

const policy = { maxAttempts: 5, baseMs: 1000, maxMs: 5000 };
const now = new Date('2026-01-01T00:00:00Z');
const delay = (attempts: number, random = 1) => {
  const outcome = afterFailure(policy, attempts, false, now, () => random);
  return 'retryAt' in outcome ? outcome.retryAt.getTime() - now.getTime() : 'give up';
};

describe('afterFailure', () => {
  it('doubles the delay after each failed try, capped', () => {
    expect([1, 2, 3, 4].map((n) => delay(n))).toEqual([1000, 2000, 4000, 5000]);
  });

  it('jitters down to 75 % of the delay', () => {
    expect(delay(2, 0)).toBe(1500);
  });

  it('gives up after the last try, and at once on a permanent failure', () => {
    expect(delay(5)).toBe('give up');
    expect(afterFailure(policy, 1, true, now)).toEqual({ giveUp: true });
  });
});
