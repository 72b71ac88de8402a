import type { NextFunction, Request, Response } from 'express';
import { sameOriginWrites } from './same-origin';

const check = sameOriginWrites(['https://tasks.example.com', 'http://127.0.0.1:3100']);

/** What the middleware passes on: undefined to go on, or the error it refuses with. */
function verdict(method: string, headers: Record<string, string>): unknown {
  let passed: unknown = 'not called';
  const req = { method, header: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
  check(
    req,
    {} as Response,
    ((error?: unknown) => {
      passed = error;
    }) as NextFunction,
  );
  return passed;
}

describe('sameOriginWrites (issue 15: CSRF)', () => {
  it.each([
    ['POST', { origin: 'https://tasks.example.com' }],
    ['POST', { origin: 'http://127.0.0.1:3100' }],
    ['DELETE', { origin: 'https://tasks.example.com' }],
    ['POST', { referer: 'https://tasks.example.com/tasks?status=open' }],
    ['GET', {}],
    ['GET', { origin: 'https://evil.example' }],
    ['HEAD', {}],
  ])('lets %s %j through', (method, headers) => {
    expect(verdict(method, headers)).toBeUndefined();
  });

  it.each([
    ['POST', { origin: 'https://evil.example' }],
    ['POST', { origin: 'null' }],
    ['POST', { origin: 'http://tasks.example.com' }],
    ['POST', { origin: 'https://tasks.example.com:8443' }],
    ['POST', { origin: 'https://tasks.example.com.evil.example' }],
    ['POST', { origin: 'https://evil.example', referer: 'https://tasks.example.com/tasks' }],
    ['POST', { referer: 'https://evil.example/tasks' }],
    ['POST', { referer: 'not a url' }],
    ['POST', {}],
    ['PUT', {}],
    ['OPTIONS', { origin: 'https://evil.example' }],
  ])('refuses %s %j with a 403', (method, headers) => {
    expect(verdict(method, headers)).toMatchObject({ status: 403 });
  });
});
