import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type express from 'express';
import { Prisma } from '@taskmesh/db';
import { z } from 'zod';
import { DaprError, SidecarUnreachableError } from './dapr-errors';
import { AppError, ErrorCode } from './errors';
import { createHttpApp, finish } from './http';
import { createLogger } from './logger';

const logger = createLogger('errors-test', 'silent');

async function serve(configure: (app: express.Express) => void) {
  const app = createHttpApp({ logger, bodyLimit: '1kb' });
  configure(app);
  finish(app, logger);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('problem+json mapping', () => {
  it('turns a zod failure into 400 naming each bad field', async () => {
    const schema = z.object({ title: z.string().min(1), tags: z.array(z.string()) }).strict();
    const server = await serve((app) =>
      app.post('/things', (req) => {
        const parsed = schema.safeParse(req.body);
        if (!parsed.success) throw AppError.fromZod(parsed.error);
      }),
    );
    try {
      const response = await fetch(`${server.url}/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ title: '', tags: ['ok', 3], extra: true }),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const body = (await response.json()) as { errors: Array<{ field: string }>; status: number; type: string };
      expect(body.status).toBe(400);
      expect(body.type).toBe('https://taskmesh.dev/problems/validation');
      expect(body.errors.map((e) => e.field).sort()).toEqual(['extra', 'tags.1', 'title']);
    } finally {
      await server.close();
    }
  });

  it('answers a sidecar that did not answer with 503 and Retry-After, any other DaprError with 500', async () => {
    const server = await serve((app) => {
      app.get('/unreachable', () => {
        throw new SidecarUnreachableError('Dapr sidecar on port 3500 unreachable for invoke tasks-api: timeout');
      });
      app.get('/refused', () => {
        throw new DaprError('state save failed: HTTP 500 redis down', 500);
      });
    });
    try {
      const unreachable = await fetch(`${server.url}/unreachable`);
      expect(unreachable.status).toBe(503);
      expect(unreachable.headers.get('retry-after')).toBe('1');
      expect(unreachable.headers.get('content-type')).toContain('application/problem+json');
      expect(((await unreachable.json()) as { detail: string }).detail).not.toContain('3500');
      expect((await fetch(`${server.url}/refused`)).status).toBe(500);
    } finally {
      await server.close();
    }
  });

  it('answers a busy database (Prisma P2028, P2024) with 503 and Retry-After, other Prisma errors with 500', async () => {
    const prismaError = (code: string) =>
      new Prisma.PrismaClientKnownRequestError(
        'Transaction API error: Unable to start a transaction in the given time.',
        {
          code,
          clientVersion: Prisma.prismaVersion.client,
        },
      );
    const server = await serve((app) => {
      app.get('/busy/:code', (req) => {
        throw prismaError(String(req.params.code));
      });
    });
    try {
      for (const code of ['P2028', 'P2024']) {
        const busy = await fetch(`${server.url}/busy/${code}`);
        expect({ code, status: busy.status, retryAfter: busy.headers.get('retry-after') }).toEqual({
          code,
          status: 503,
          retryAfter: '1',
        });
      }
      expect((await fetch(`${server.url}/busy/P2002`)).status).toBe(500);
    } finally {
      await server.close();
    }
  });

  it('answers a body over the limit with 413 and malformed JSON with 400', async () => {
    const server = await serve((app) => app.post('/things', (_req, res) => res.sendStatus(204)));
    try {
      const big = await fetch(`${server.url}/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'x'.repeat(2048) }),
      });
      expect(big.status).toBe(413);
      const broken = await fetch(`${server.url}/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":',
      });
      expect(broken.status).toBe(400);
      expect(((await broken.json()) as { errors: unknown }).errors).toEqual([
        { field: 'body', message: 'malformed JSON' },
      ]);
    } finally {
      await server.close();
    }
  });

  it('answers a body that is not in its Content-Encoding with 400 naming the body, never 500 (issue 15)', async () => {
    const server = await serve((app) => app.post('/things', (_req, res) => res.sendStatus(204)));
    const send = (body: Uint8Array<ArrayBuffer> | string, encoding: string) =>
      fetch(`${server.url}/things`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body,
      });
    try {
      const gzipped = Uint8Array.from(gzipSync('{"title":"a"}'));
      const cases: Array<[string, Uint8Array<ArrayBuffer> | string]> = [
        ['gzip', '{"title":"a"}'],
        ['gzip', gzipped.subarray(0, gzipped.length - 6)],
        ['deflate', 'not deflate'],
        ['br', 'not brotli'],
      ];
      for (const [encoding, body] of cases) {
        const response = await send(body, encoding);
        expect({ encoding, status: response.status }).toEqual({ encoding, status: 400 });
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        expect(((await response.json()) as { errors: unknown }).errors).toEqual([
          { field: 'body', message: `not valid ${encoding} data (see Content-Encoding)` },
        ]);
      }
      expect((await send(gzipped, 'gzip')).status).toBe(204);
      const unknown = await send('{"title":"a"}', 'x-unknown');
      expect(unknown.status).toBe(415);
      expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await server.close();
    }
  });

  it('maps each error code to its status and never leaks a stack for unknown errors', async () => {
    const server = await serve((app) => {
      app.get('/gone', () => {
        throw new AppError(ErrorCode.notFound, 'no such task');
      });
      app.get('/boom', () => {
        throw new Error('secret internals');
      });
    });
    try {
      const gone = await fetch(`${server.url}/gone`);
      expect(gone.status).toBe(404);
      expect(((await gone.json()) as { detail: string }).detail).toBe('no such task');
      const boom = await fetch(`${server.url}/boom`);
      expect(boom.status).toBe(500);
      const text = await boom.text();
      expect(text).not.toContain('secret internals');
      expect(JSON.parse(text).correlationId).toEqual(expect.any(String));
      const missing = await fetch(`${server.url}/nowhere`);
      expect(missing.status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
