import { isPermanent } from './email-channel';

describe('which SMTP failures are retried', () => {
  it('gives up on a refused recipient or message', () => {
    expect(isPermanent(550, 'RCPT TO')).toBe(true);
    expect(isPermanent(554, 'DATA')).toBe(true);
  });

  it('retries temporary failures, a refused login and connection trouble', () => {
    expect(isPermanent(451, 'RCPT TO')).toBe(false);
    expect(isPermanent(535, 'AUTH PLAIN')).toBe(false);
    expect(isPermanent(undefined, 'CONN')).toBe(false);
    expect(isPermanent(undefined, undefined)).toBe(false);
  });
});
