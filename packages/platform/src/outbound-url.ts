import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { BlockList, isIPv4, isIPv6, type LookupFunction } from 'node:net';
import { z } from 'zod';

// The one check for URLs that users supply and Taskmesh then calls: web-push
// endpoints now, webhooks next (issue 15, server-side request forgery). Only
// https to a public address; loopback, private, link-local (cloud metadata),
// shared, unique-local, multicast, reserved and documentation addresses are
// refused, whether written as an IP literal, in another IPv4 form (WHATWG URL
// turns http://2130706433/ and http://0x7f.1/ into 127.0.0.1), embedded in
// IPv6 (::ffff:127.0.0.1, NAT64, 6to4), or reached through a name. Names are
// checked again where the connection is made (publicAddressLookup), with the
// very addresses it connects to, so a name that turns private later (DNS
// rebinding) is refused then.

/** Why an outbound URL is refused. The message is safe to show the user who supplied it. */
export class OutboundUrlRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundUrlRefused';
  }
}

/** Kinds of address that are not the public internet, and their ranges (IANA special-purpose registries). */
const ipv4Ranges: Array<[kind: string, network: string, prefix: number]> = [
  ['a "this network"', '0.0.0.0', 8],
  ['a private', '10.0.0.0', 8],
  ['a shared (CGNAT)', '100.64.0.0', 10],
  ['a loopback', '127.0.0.0', 8],
  ['a link-local', '169.254.0.0', 16],
  ['a private', '172.16.0.0', 12],
  ['a reserved', '192.0.0.0', 24],
  ['a documentation', '192.0.2.0', 24],
  ['a reserved', '192.88.99.0', 24],
  ['a private', '192.168.0.0', 16],
  ['a reserved', '198.18.0.0', 15],
  ['a documentation', '198.51.100.0', 24],
  ['a documentation', '203.0.113.0', 24],
  ['a multicast', '224.0.0.0', 4],
  ['a reserved', '240.0.0.0', 4],
];
const ipv6Ranges: Array<[kind: string, network: string, prefix: number]> = [
  ['an unspecified', '::', 128],
  ['a loopback', '::1', 128],
  ['a reserved', '::', 96],
  ['a reserved', '100::', 64],
  ['a private', '64:ff9b:1::', 48],
  ['a reserved', '2001::', 23],
  ['a documentation', '2001:db8::', 32],
  ['a documentation', '3fff::', 20],
  ['a unique-local', 'fc00::', 7],
  ['a link-local', 'fe80::', 10],
  ['a private', 'fec0::', 10],
  ['a multicast', 'ff00::', 8],
];

function blockLists(ranges: typeof ipv4Ranges, type: 'ipv4' | 'ipv6') {
  const lists = new Map<string, BlockList>();
  for (const [kind, network, prefix] of ranges) {
    const list = lists.get(kind) ?? new BlockList();
    list.addSubnet(network, prefix, type);
    lists.set(kind, list);
  }
  return [...lists].map(([kind, list]) => ({ kind, list }));
}
const ipv4Lists = blockLists(ipv4Ranges, 'ipv4');
const ipv6Lists = blockLists(ipv6Ranges, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (dotted IPv4 tail and zone id allowed). */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a, b, c, d] = dotted[1].split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/**
 * What kind of non-public address this is ("a loopback", "a private", ...),
 * or undefined for a public unicast address. IPv6 outside global unicast
 * (2000::/3) is refused; IPv4 carried in IPv6 is judged as that IPv4 address.
 */
export function nonPublicAddressKind(address: string): string | undefined {
  if (isIPv4(address)) return ipv4Lists.find(({ list }) => list.check(address, 'ipv4'))?.kind;
  if (!isIPv6(address)) return 'an invalid';
  const groups = ipv6Groups(address);
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups;
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address they carry.
  const mapped = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff;
  const nat64 = g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  if (mapped || nat64) return nonPublicAddressKind(ipv4Of(g6, g7));
  // 6to4 (2002:aabb:ccdd::/48) reaches aa.bb.cc.dd.
  if (g0 === 0x2002) return nonPublicAddressKind(ipv4Of(g1 ?? 0, g2 ?? 0));
  const special = ipv6Lists.find(({ list }) => list.check(address.replace(/%.*$/, ''), 'ipv6'))?.kind;
  if (special) return special;
  return ((g0 ?? 0) & 0xe000) === 0x2000 ? undefined : 'a reserved';
}

/** Names that only ever mean something on this machine or network. */
const localSuffixes = ['localhost', 'localdomain', 'local', 'internal', 'home.arpa'];

/** Exact origins (`http://127.0.0.1:18432`) exempt from the check: local test peers, never production. */
export type AllowedOrigins = ReadonlySet<string>;

/**
 * OUTBOUND_ALLOWED_ORIGINS: comma-separated exact origins that the check lets
 * through as they are (http and loopback included). For tests and development
 * only; empty by default, and it must stay empty in production.
 */
export const allowedOriginsSetting = z
  .string()
  .default('')
  .transform((value, ctx): AllowedOrigins => {
    const origins = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const bad = origins.filter((origin) => {
      const url = URL.canParse(origin) ? new URL(origin) : undefined;
      return !url || !/^https?:$/.test(url.protocol) || `${url.origin}/` !== url.href;
    });
    if (bad.length === 0) return new Set(origins.map((origin) => new URL(origin).origin));
    ctx.addIssue({ code: 'custom', message: `not http(s) origins like http://127.0.0.1:18432: ${bad.join(', ')}` });
    return z.NEVER;
  });

/** The setting of every service that calls user-supplied URLs; spread into its env schema. */
export const outboundEnv = { OUTBOUND_ALLOWED_ORIGINS: allowedOriginsSetting };

export interface CheckedUrl {
  url: URL;
  /** Listed in the allowed origins: connect to it as it is, without the address checks. */
  allowListed: boolean;
  /** The host as an IP address, when it is one (no name to resolve). */
  ip?: string;
}

/**
 * The checks that need no DNS: a valid absolute URL, https, no user name or
 * password, and a host that is a public IP address or a name outside the
 * local-only domains. Throws OutboundUrlRefused saying what is wrong.
 */
export function checkOutboundUrl(raw: string, allowed: AllowedOrigins = new Set()): CheckedUrl {
  if (!URL.canParse(raw)) throw new OutboundUrlRefused('must be an absolute URL');
  const url = new URL(raw);
  if (url.username || url.password) throw new OutboundUrlRefused('must not contain a user name or password');
  if (allowed.has(url.origin)) return { url, allowListed: true };
  if (url.protocol !== 'https:') throw new OutboundUrlRefused('must use https');
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (isIPv4(host) || isIPv6(host)) {
    const kind = nonPublicAddressKind(host);
    if (kind) throw new OutboundUrlRefused(`must be a public address, not ${kind} address`);
    return { url, allowListed: false, ip: host };
  }
  const name = host.replace(/\.$/, '');
  if (localSuffixes.some((suffix) => name === suffix || name.endsWith(`.${suffix}`))) {
    throw new OutboundUrlRefused('must name a public host, not a local one');
  }
  // A single label (`metadata`, `redis`) is completed by the resolver's search list: a host nearby.
  if (!name.includes('.')) throw new OutboundUrlRefused('must name a public host by its full domain name');
  return { url, allowListed: false };
}

export type LookupAll = (hostname: string, options: LookupAllOptions) => Promise<LookupAddress[]>;
const lookupAll: LookupAll = (hostname, options) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, options, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

function refuseNonPublic(addresses: readonly LookupAddress[]): void {
  for (const { address } of addresses) {
    const kind = nonPublicAddressKind(address);
    if (kind) throw new OutboundUrlRefused(`must name a public host; it resolves to ${kind} address`);
  }
}

/**
 * checkOutboundUrl, then the name's addresses: every one must be public. A
 * name that does not resolve now (or not within timeoutMs) is let through:
 * publicAddressLookup checks it again when a connection is made, which is the
 * check that counts; this one tells the user early.
 */
export async function vetOutboundUrl(
  raw: string,
  allowed: AllowedOrigins = new Set(),
  resolve: LookupAll = lookupAll,
  timeoutMs = 2000,
): Promise<CheckedUrl> {
  const checked = checkOutboundUrl(raw, allowed);
  if (checked.allowListed || checked.ip) return checked;
  let timer: NodeJS.Timeout | undefined;
  const addresses = await Promise.race([
    resolve(checked.url.hostname, { all: true }).catch(() => []),
    new Promise<LookupAddress[]>((done) => {
      timer = setTimeout(() => done([]), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  refuseNonPublic(addresses);
  return checked;
}

/**
 * A `lookup` for http(s) agents and sockets that resolves a name and fails
 * the connection unless every address is public: what is checked is what the
 * socket connects to (DNS rebinding cannot slip a private address in between).
 */
export function publicAddressLookup(resolve: LookupAll = lookupAll): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true })
      .then((addresses) => {
        refuseNonPublic(addresses);
        if (addresses.length === 0) throw new OutboundUrlRefused('must name a host that resolves');
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]?.address ?? '', addresses[0]?.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, ''));
  };
}
