import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpApp, finish } from './http';
import { createLogger } from './logger';

const logger = createLogger('client-address-test', 'silent');

/** What `req.ip` is for a request with these X-Forwarded-For header lines, on an app trusting `trustedHops`. */
async function clientAddress(trustedHops: number | undefined, forwardedFor: string[]): Promise<string> {
  const app = createHttpApp({ logger, ...(trustedHops === undefined ? {} : { trustedHops }) });
  app.get('/ip', (req, res) => {
    res.send(req.ip);
  });
  finish(app, logger);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    // Raw header lines, as daprd sends them: one line per hop (node joins them with ", ").
    const headers = { 'x-forwarded-for': forwardedFor };
    return await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/ip', headers, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

// Issue 15: the address rate limits key on is the one the outermost trusted
// hop saw; entries a client wrote further left never choose it.
describe('client address behind trusted hops', () => {
  it('an invoked app takes the address the calling app reported, before the calling sidecar', async () => {
    // What tasks-api got from web through the sidecars (logged in a test run).
    expect(await clientAddress(undefined, ['203.0.113.5', '192.0.2.2'])).toBe('203.0.113.5');
  });

  it('ignores what a client wrote left of the trusted hops', async () => {
    expect(await clientAddress(undefined, ['198.51.100.1, 203.0.113.5', '192.0.2.2'])).toBe('203.0.113.5');
  });

  it('falls back to the calling sidecar when the caller reported no address', async () => {
    expect(await clientAddress(undefined, ['192.0.2.2'])).toBe('192.0.2.2');
  });

  it('an app browsers reach directly (no trusted hop) ignores X-Forwarded-For entirely', async () => {
    expect(await clientAddress(0, ['198.51.100.1'])).toBe('127.0.0.1');
  });

  it('behind one proxy, takes the address that proxy appended', async () => {
    expect(await clientAddress(1, ['198.51.100.1, 203.0.113.5'])).toBe('203.0.113.5');
  });
});
