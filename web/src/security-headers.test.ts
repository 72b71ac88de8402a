import type { NextFunction, Request, Response } from 'express';
import { cspNonceLocal, type SecurityHeaderOptions, securityHeaders } from './security-headers';

/** The headers the middleware sets on one response, and the nonce it leaves for the page. */
function headersFor(options: SecurityHeaderOptions): { headers: Record<string, string>; nonce: unknown } {
  const headers: Record<string, string> = {};
  const res = { locals: {}, setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value) };
  let nextCalled = false;
  securityHeaders(options)(
    {} as Request,
    res as unknown as Response,
    (() => {
      nextCalled = true;
    }) as NextFunction,
  );
  expect(nextCalled).toBe(true);
  return { headers, nonce: (res.locals as Record<string, unknown>)[cspNonceLocal] };
}

const local = {
  publicOrigins: ['http://127.0.0.1:3100', 'http://localhost:3100'],
  realtimeUrl: 'http://127.0.0.1:3105',
};
const hosted = { publicOrigins: ['https://tasks.example.com'], realtimeUrl: '' };

describe('securityHeaders (issue 15)', () => {
  it('allows inline scripts only with this response’s nonce, a new one each time', () => {
    const first = headersFor(local);
    const second = headersFor(local);
    expect(first.headers['content-security-policy']).toContain(`script-src 'self' 'nonce-${first.nonce}';`);
    expect(first.nonce).toMatch(/^[\w+/]{22}==$/);
    expect(second.nonce).not.toBe(first.nonce);
  });

  it('lets pages connect to realtime-sync’s socket (polling and websocket), on its own origin or this one', () => {
    expect(headersFor(local).headers['content-security-policy']).toContain(
      "connect-src 'self' http://127.0.0.1:3105 ws://127.0.0.1:3105;",
    );
    expect(headersFor(hosted).headers['content-security-policy']).toContain(
      "connect-src 'self' https://tasks.example.com wss://tasks.example.com;",
    );
  });

  it('sends HSTS only where web is served over https', () => {
    expect(headersFor(local).headers['strict-transport-security']).toBeUndefined();
    expect(headersFor(hosted).headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('forbids framing and sniffing, and trims the referrer', () => {
    expect(headersFor(hosted).headers).toMatchObject({
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
    });
  });
});
