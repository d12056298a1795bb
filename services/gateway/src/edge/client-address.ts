import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ipDecision, normalizeAddress } from '../limits/ip-rules.js';

/**
 * The client address behind the proxies named in TRUST_PROXY (docs/public-chat-api.md "IP rules"), read from
 * X-Forwarded-For as one address – the same for the IP and country rules, every per-address
 * limit, the live stream caps, analytics and the audit trail. Fastify's own reading takes an entry
 * as it comes: `203.0.113.7:1001` (what Azure Application Gateway sends), `[2001:db8::1]:443` or
 * any string would each be an address of its own, one per connection.
 */

/** `203.0.113.7:1001` (an IPv4 address and a port). */
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
/** `[2001:db8::1]` or `[2001:db8::1]:443`. */
const BRACKETED = /^\[([^\]]+)\](?::\d{1,5})?$/;

/**
 * One X-Forwarded-For entry as an address, without its port; an IPv4-mapped IPv6 address
 * (`::ffff:203.0.113.7`) is the IPv4 address, as the rules compare it. Undefined for an entry
 * that is no address (`unknown`, a host name, an obfuscated RFC 7239 node, anything else).
 */
export function forwardedAddress(entry: string): string | undefined {
  const trimmed = entry.trim();
  const bare = BRACKETED.exec(trimmed)?.[1] ?? IPV4_WITH_PORT.exec(trimmed)?.[1] ?? trimmed;
  // Only the usual forms: no `127.1`, no hexadecimal or octal parts, nothing a parser might read otherwise.
  if (isIP(bare) === 0) return undefined;
  return normalizeAddress(bare)?.toString();
}

/**
 * The client of a request that reached the gateway from `socketAddress`: X-Forwarded-For is read
 * from its end, one entry per hop, while the hop that handed the request over is a trusted proxy.
 * The first hop that is not trusted is the client. An entry that is no address stops the walk
 * too: the client is then the trusted proxy that sent it – never a string of its own, so it
 * shares that proxy's budgets, is admitted by no allow list the proxy is not in, and cannot mint
 * itself a fresh per-address budget per request.
 */
export function clientAddress(
  socketAddress: string,
  forwardedFor: string | string[] | undefined,
  trusted: (address: string) => boolean,
): { address: string; unreadable: boolean } {
  let address = normalizeAddress(socketAddress)?.toString() ?? socketAddress;
  if (forwardedFor === undefined) return { address, unreadable: false };
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    if (!trusted(address)) break;
    const next = forwardedAddress(entries[index] ?? '');
    if (next === undefined) return { address, unreadable: true };
    address = next;
  }
  return { address, unreadable: false };
}

/**
 * Makes `request.ip` the parsed client address (`clientAddress`) for every hook and route after
 * it: install it first, before anything reads the address. Only behind TRUST_PROXY; without it
 * the socket's address is the client's and X-Forwarded-For is ignored. The first entry that is no
 * address is logged once per process (a proxy to set up differently), without the entry.
 */
export function installClientAddress(app: FastifyInstance, trustProxy: readonly string[], logger: { warn(object: object, message: string): void }): void {
  if (trustProxy.length === 0) return;
  const trusted = (address: string) => ipDecision(address, { allow: trustProxy, deny: [] }) === 'allowed';
  let warned = false;
  app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
    const found = clientAddress(request.raw.socket?.remoteAddress ?? '', request.headers['x-forwarded-for'], trusted);
    if (found.unreadable && !warned) {
      warned = true;
      logger.warn({ proxy: found.address }, 'a trusted proxy sent an X-Forwarded-For entry that is no address: its own address stands for the client');
    }
    // Shadows Fastify's getter on this request only (an own property wins over the prototype's).
    Object.defineProperty(request, 'ip', { value: found.address, enumerable: true });
    done();
  });
}
