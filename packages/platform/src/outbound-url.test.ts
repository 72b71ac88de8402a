import type { LookupAddress } from 'node:dns';
import {
  type AllowedOrigins,
  allowedOriginsSetting,
  checkOutboundUrl,
  type LookupAll,
  nonPublicAddressKind,
  OutboundUrlRefused,
  publicAddressLookup,
  vetOutboundUrl,
} from './outbound-url';

const refusal = (url: string, allowed?: AllowedOrigins) => {
  try {
    checkOutboundUrl(url, allowed);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(OutboundUrlRefused);
    return (error as Error).message;
  }
};

// issue 15: user-supplied URLs Taskmesh calls may only reach public https hosts.
describe('checkOutboundUrl', () => {
  it.each([
    'https://fcm.googleapis.com/fcm/send/abc:def',
    'https://updates.push.services.mozilla.com/wpush/v2/gAAA',
    'https://web.push.apple.com:443/QGx',
    'https://push.example.com:8443/send/1',
    'https://push.example.test/send/abc',
    'https://8.8.8.8/send',
    'https://[2606:4700:4700::1111]/send',
    'https://[64:ff9b::808:808]/nat64-of-a-public-address',
    'https://[2002:808:808::1]/6to4-of-a-public-address',
    'https://xn--bcher-kva.example/idn',
  ])('allows %s', (url) => {
    expect(refusal(url)).toBeUndefined();
  });

  it.each([
    ['not a url', 'must be an absolute URL'],
    ['/relative/path', 'must be an absolute URL'],
    ['http://push.example.com/send', 'must use https'],
    ['ftp://push.example.com/send', 'must use https'],
    ['file:///etc/passwd', 'must use https'],
    ['https://user:secret@push.example.com/', 'must not contain a user name or password'],
    ['https://127.0.0.1%2f@push.example.com/', 'must not contain a user name or password'],
    ['https://127.0.0.1/', 'not a loopback address'],
    ['https://127.1.2.3:8443/', 'not a loopback address'],
    ['https://2130706433/', 'not a loopback address'],
    ['https://0x7f.1/', 'not a loopback address'],
    ['https://0177.0.0.1/', 'not a loopback address'],
    ['https://127.1/', 'not a loopback address'],
    ['https://%31%32%37.0.0.1/', 'not a loopback address'],
    ['https://[::1]/', 'not a loopback address'],
    ['https://[::ffff:127.0.0.1]/', 'not a loopback address'],
    ['https://[::ffff:7f00:1]/', 'not a loopback address'],
    ['https://[64:ff9b::7f00:1]/', 'not a loopback address'],
    ['https://[2002:7f00:1::]/', 'not a loopback address'],
    ['https://0.0.0.0/', 'not a "this network" address'],
    ['https://0/', 'not a "this network" address'],
    ['https://[::]/', 'not an unspecified address'],
    ['https://10.1.2.3/', 'not a private address'],
    ['https://172.16.0.1/', 'not a private address'],
    ['https://172.31.255.255/', 'not a private address'],
    ['https://192.168.1.1/', 'not a private address'],
    ['https://[::ffff:192.168.1.1]/', 'not a private address'],
    ['https://3232235777/', 'not a private address'],
    ['https://169.254.169.254/latest/meta-data/', 'not a link-local address'],
    ['https://169.254.169.254./', 'not a link-local address'],
    ['https://[::ffff:a9fe:a9fe]/', 'not a link-local address'],
    ['https://[fe80::1]/', 'not a link-local address'],
    ['https://100.64.0.1/', 'not a shared (CGNAT) address'],
    ['https://100.127.255.254/', 'not a shared (CGNAT) address'],
    ['https://[fc00::1]/', 'not a unique-local address'],
    ['https://[fd12:3456::1]/', 'not a unique-local address'],
    ['https://224.0.0.1/', 'not a multicast address'],
    ['https://[ff02::1]/', 'not a multicast address'],
    ['https://240.0.0.1/', 'not a reserved address'],
    ['https://255.255.255.255/', 'not a reserved address'],
    ['https://198.18.0.1/', 'not a reserved address'],
    ['https://[::127.0.0.1]/', 'not a reserved address'],
    ['https://[2001::1]/', 'not a reserved address'],
    ['https://[4000::1]/', 'not a reserved address'],
    ['https://192.0.2.1/', 'not a documentation address'],
    ['https://198.51.100.7/', 'not a documentation address'],
    ['https://203.0.113.9/', 'not a documentation address'],
    ['https://[2001:db8::1]/', 'not a documentation address'],
    ['https://localhost/', 'not a local one'],
    ['https://LOCALHOST./', 'not a local one'],
    ['https://push.localhost/', 'not a local one'],
    ['https://printer.local/', 'not a local one'],
    ['https://metadata.google.internal/computeMetadata/v1/', 'not a local one'],
    ['https://router.home.arpa/', 'not a local one'],
    ['https://metadata/', 'by its full domain name'],
    ['https://redis:6379/', 'by its full domain name'],
  ])('refuses %s (%s)', (url, reason) => {
    expect(refusal(url)).toContain(reason);
  });

  it('lets exact allow-listed origins through as they are, and nothing beside them', () => {
    const allowed = allowedOriginsSetting.parse('http://127.0.0.1:18432, https://localhost:8443');
    expect(refusal('http://127.0.0.1:18432/push/abc', allowed)).toBeUndefined();
    expect(checkOutboundUrl('http://127.0.0.1:18432/push/abc', allowed).allowListed).toBe(true);
    expect(refusal('https://localhost:8443/x', allowed)).toBeUndefined();
    expect(refusal('http://127.0.0.1:18433/push/abc', allowed)).toContain('must use https');
    expect(refusal('https://127.0.0.1:18432/push/abc', allowed)).toContain('loopback');
    expect(refusal('http://localhost:18432/push/abc', allowed)).toContain('must use https');
    expect(refusal('http://u:p@127.0.0.1:18432/', allowed)).toContain('user name or password');
  });
});

describe('allowedOriginsSetting (OUTBOUND_ALLOWED_ORIGINS)', () => {
  it('is empty by default and takes only bare http(s) origins', () => {
    expect(allowedOriginsSetting.parse(undefined).size).toBe(0);
    expect(allowedOriginsSetting.parse('').size).toBe(0);
    expect([...allowedOriginsSetting.parse('https://push.test:443')]).toEqual(['https://push.test']);
    for (const bad of ['127.0.0.1:18432', 'http://127.0.0.1:18432/push', 'ftp://x.test', 'http://a@b.test'])
      expect(allowedOriginsSetting.safeParse(bad).success).toBe(false);
  });
});

describe('nonPublicAddressKind', () => {
  it.each([
    ['8.8.8.8', undefined],
    ['1.1.1.1', undefined],
    ['100.63.255.255', undefined],
    ['172.32.0.1', undefined],
    ['2606:4700::1111', undefined],
    ['::ffff:8.8.8.8', undefined],
    ['127.0.0.1', 'a loopback'],
    ['::ffff:127.0.0.1', 'a loopback'],
    ['fe80::1%eth0', 'a link-local'],
    ['10.0.0.1', 'a private'],
    ['not an address', 'an invalid'],
  ])('%s is %s', (address, kind) => {
    expect(nonPublicAddressKind(address)).toBe(kind);
  });
});

/** A resolver that answers every name with the given addresses (as a rebinding DNS server would). */
const resolvingTo =
  (...addresses: string[]): LookupAll =>
  async () =>
    addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('vetOutboundUrl', () => {
  it.each([
    [['127.0.0.1'], 'resolves to a loopback address'],
    [['93.184.215.14', '10.0.0.5'], 'resolves to a private address'],
    [['169.254.169.254'], 'resolves to a link-local address'],
    [['::ffff:192.168.0.1'], 'resolves to a private address'],
    [['fd00::1'], 'resolves to a unique-local address'],
  ])('refuses a name that resolves to %j', async (addresses, reason) => {
    await expect(vetOutboundUrl('https://push.example.com/x', new Set(), resolvingTo(...addresses))).rejects.toThrow(
      reason,
    );
  });

  it('allows a name whose every address is public, and one that does not resolve now', async () => {
    const ok = await vetOutboundUrl('https://push.example.com/x', new Set(), resolvingTo('93.184.215.14', '2606::1'));
    expect(ok.url.hostname).toBe('push.example.com');
    const unresolved: LookupAll = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(vetOutboundUrl('https://push.example.test/x', new Set(), unresolved)).resolves.toBeDefined();
  });

  it('never resolves allow-listed origins or IP literals', async () => {
    const resolve = jest.fn(resolvingTo('127.0.0.1'));
    await vetOutboundUrl('http://127.0.0.1:18432/x', new Set(['http://127.0.0.1:18432']), resolve);
    await vetOutboundUrl('https://8.8.8.8/x', new Set(), resolve);
    expect(resolve).not.toHaveBeenCalled();
  });
});

describe('publicAddressLookup', () => {
  const lookupWith = (resolve: LookupAll, all: boolean) =>
    new Promise<{ error: Error | null; address: unknown }>((done) =>
      publicAddressLookup(resolve)('push.example.com', { all }, (error, address) => done({ error, address })),
    );

  it('hands the socket only vetted addresses, in the form it asked for', async () => {
    expect(await lookupWith(resolvingTo('93.184.215.14'), false)).toEqual({ error: null, address: '93.184.215.14' });
    expect(await lookupWith(resolvingTo('93.184.215.14', '2606::1'), true)).toEqual({
      error: null,
      address: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606::1', family: 6 },
      ],
    });
  });

  it('fails the connection when the name resolves to a non-public address (DNS rebinding)', async () => {
    const { error } = await lookupWith(resolvingTo('93.184.215.14', '127.0.0.1'), true);
    expect(error).toBeInstanceOf(OutboundUrlRefused);
    expect(error?.message).toContain('resolves to a loopback address');
  });
});
