import { lookup } from 'node:dns/promises';
import { isIP, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Server-side request forgery guard of every URL the platform calls out to (webhooks, agent
 * tools): a URL may only reach public addresses. The host is resolved (every address it has, not
 * just the first) and each address checked; the request is then made to the checked address
 * itself (see guarded-fetch.ts, and the webhooks' sender), so a second resolution answering
 * differently (DNS rebinding) is never used.
 */

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

export interface GuardOptions {
  /** Lets non-public addresses through: development and tests, never a production default. */
  allowPrivate: boolean;
  /** Who calls out, in the plural, as a refusal names it: `webhooks may not reach it`, `tools may not reach it`. */
  who: string;
}

/**
 * A URL the caller may not reach; the message says why. It names the host, never the whole URL
 * (its query may carry a secret), nor the address a name resolves to.
 */
export class AddressRefused extends Error {
  override readonly name = 'AddressRefused';
}

/** How long resolving a host may take before the URL counts as not resolving. */
const RESOLVE_TIMEOUT_MS = 5_000;

/** The only IPv6 space allocated for global unicast; everything outside it is not reachable on the internet. */
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');
/** IPv4-compatible IPv6 (deprecated): `::127.0.0.1` still reaches 127.0.0.1 on some stacks. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/**
 * An IPv6 address in the URL parser's canonical form (`::7f00:1`, never `::127.0.0.1`): ipaddr.js
 * reads any dotted tail as IPv4-mapped, which would judge `::127.0.0.1` as the IPv4 address
 * instead of the IPv4-compatible one a socket connects to.
 */
function canonicalIPv6(address: string): string {
  return address.includes('.') ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;
}

/**
 * The special range an address is in (`loopback`, `private`, `linkLocal`, `uniqueLocal`,
 * `carrierGradeNat`, `unspecified`, `multicast`, `reserved` …), or undefined for a globally
 * routable unicast address – the only kind allowed. An IPv4-mapped IPv6 address
 * (`::ffff:127.0.0.1`) is judged as the IPv4 address it carries; IPv4-compatible addresses
 * (`::127.0.0.1`), translation prefixes (6to4, Teredo, NAT64) and IPv6 outside 2000::/3 are
 * refused whole.
 */
export function nonPublicRange(address: string): string | undefined {
  const bare = address.split('%')[0] ?? address;
  if (!ipaddr.isValid(bare)) return 'invalid';
  if (!isIPv6(bare)) return ipv4Range(ipaddr.IPv4.parse(bare));
  const parsed = ipaddr.IPv6.parse(canonicalIPv6(bare));
  if (parsed.isIPv4MappedAddress()) return ipv4Range(parsed.toIPv4Address());
  const range = parsed.range();
  if (range !== 'unicast') return range;
  if (parsed.match(IPV4_COMPATIBLE)) return 'ipv4Compatible';
  return parsed.match(GLOBAL_UNICAST) ? undefined : 'reserved';
}

function ipv4Range(parsed: ipaddr.IPv4): string | undefined {
  const range = parsed.range();
  return range === 'unicast' ? undefined : range;
}

/** The URL's host as a resolver or socket takes it: IPv6 literals without their brackets. */
export function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** Refuses (AddressRefused) a URL whose scheme is not http or https. */
export function assertHttp(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AddressRefused('only http and https URLs are allowed');
}

/**
 * Refuses (AddressRefused) a host any of whose addresses is outside the public unicast space,
 * unless `allowPrivate`. For a literal address the message names its range; for a name only that
 * it does not resolve to a public address – what it resolves to (or its kind of range) would map
 * the platform's own network.
 */
export function assertPublic(host: string, addresses: ReadonlyArray<{ address: string }>, options: GuardOptions): void {
  if (options.allowPrivate) return;
  for (const { address } of addresses) {
    const range = nonPublicRange(address);
    if (range === undefined) continue;
    throw new AddressRefused(
      address === host
        ? `${host} is a ${range} address: ${options.who} may not reach it`
        : `${host} does not resolve to a public address: ${options.who} may not reach it`,
    );
  }
}

/**
 * Resolves the URL's host and answers the address to connect to. Refused (AddressRefused): a
 * scheme other than http/https, a host that does not resolve, and – unless `allowPrivate` – a
 * host with any address outside the public unicast space.
 */
export async function checkedAddress(url: URL, options: GuardOptions): Promise<CheckedAddress> {
  assertHttp(url);
  const host = bareHost(url);
  const family = isIP(host);
  const addresses: CheckedAddress[] = family === 0 ? await resolveHost(host) : [{ address: host, family: family === 6 ? 6 : 4 }];
  assertPublic(host, addresses, options);
  const [first] = addresses;
  if (first === undefined) throw new AddressRefused(`${host} does not resolve`);
  return first;
}

/**
 * Every address of a name, by the system resolver (hosts file included) as a socket would
 * otherwise use; at least one. A name that does not resolve, or not within 5 s, is refused.
 */
export async function resolveHost(host: string): Promise<CheckedAddress[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AddressRefused(`${host} did not resolve within ${RESOLVE_TIMEOUT_MS / 1000} s`)), RESOLVE_TIMEOUT_MS);
  });
  try {
    const addresses = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
    if (addresses.length === 0) throw new AddressRefused(`${host} does not resolve`);
    return addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
  } catch (error) {
    if (error instanceof AddressRefused) throw error;
    const code = (error as { code?: string }).code;
    throw new AddressRefused(`${host} does not resolve${code ? ` (${code})` : ''}`);
  } finally {
    clearTimeout(timer);
  }
}
