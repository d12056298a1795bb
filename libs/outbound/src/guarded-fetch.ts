import { isIP, type LookupFunction } from 'node:net';
import { Agent, type BodyInit, buildConnector, type Dispatcher, Headers, type HeadersInit, fetch as undiciFetch } from 'undici';
import { AddressRefused, assertHttp, assertPublic, bareHost, type GuardOptions, resolveHost } from './url-guard.js';

/** Redirects followed, each hop checked like the first, before a request fails. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Credentials meant for one origin: not sent on to another one a redirect names (as fetch does, and cookies too). */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];
/** What describes a body: dropped with the body when a redirect turns the request into a GET. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

/**
 * A redirect that was not followed (too many, not a URL, a body that cannot be sent again, or the
 * caller's `redirect: 'error'`). A TypeError, as fetch fails on the network; the message names
 * hosts only.
 */
export class RedirectFailed extends TypeError {
  override readonly name = 'RedirectFailed';
}

/**
 * A fetch (the WHATWG signature: it can be handed to any client taking one, such as an MCP
 * transport) that reaches public addresses only, unless `allowPrivate`:
 * - every address a name resolves to is checked as the connection is made, and the socket connects
 *   to the checked addresses – nothing resolves the name a second time (DNS rebinding);
 * - a literal address is checked before connecting, since a socket does not look it up;
 * - only http and https;
 * - redirects are followed here, at most 5, each hop checked like the first: a redirect to a
 *   private address is refused like a URL naming it. `redirect: 'manual'` answers the redirect itself.
 * A refusal rejects with AddressRefused; other failures as fetch rejects (a TypeError).
 */
export function guardedFetch(options: GuardOptions): typeof fetch {
  return openGuardedFetch(options).fetch;
}

/** A guarded fetch and the closing of its connections, for a caller that makes one request and is done. */
export function openGuardedFetch(options: GuardOptions): { fetch: typeof fetch; close: () => Promise<void> } {
  const agent = guardedAgent(options);
  return { fetch: followingRedirects(agent, (url) => checkTarget(url, options)), close: () => agent.destroy() };
}

/**
 * What is checked of each hop before it is requested: http or https, and a literal address must be
 * one the caller may reach. A name is checked as it is resolved, when connecting (guardedAgent).
 */
export function checkTarget(url: URL, options: GuardOptions): void {
  assertHttp(url);
  const host = bareHost(url);
  if (isIP(host) !== 0) assertPublic(host, [{ address: host }], options);
}

/**
 * The connections of a guarded fetch: a name is resolved once, every address checked, and the
 * socket given only those; a literal address is checked before a socket is opened to it.
 */
export function guardedAgent(options: GuardOptions): Agent {
  const connect = buildConnector({ lookup: guardedLookup(options) });
  return new Agent({
    connect: (target, callback) => {
      const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
      try {
        if (isIP(host) !== 0) assertPublic(host, [{ address: host }], options);
      } catch (error) {
        callback(error as AddressRefused, null);
        return;
      }
      connect(target, callback);
    },
  });
}

/** The socket's resolver: every address of the name, all checked; the socket connects to those it is given. */
function guardedLookup(options: GuardOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    const family = lookupOptions.family === 4 || lookupOptions.family === 'IPv4' ? 4 : lookupOptions.family === 6 || lookupOptions.family === 'IPv6' ? 6 : 0;
    resolveHost(hostname)
      .then((resolved) => {
        assertPublic(hostname, resolved, options);
        const addresses = family === 0 ? resolved : resolved.filter((address) => address.family === family);
        if (addresses.length === 0) throw new AddressRefused(`${hostname} has no IPv${family} address`);
        return addresses;
      })
      .then(
        (addresses) => {
          if (lookupOptions.all) callback(null, addresses);
          else callback(null, addresses[0]?.address ?? '', addresses[0]?.family);
        },
        (error: Error) => callback(error, '', 0),
      );
  };
}

interface Hop {
  url: URL;
  method: string;
  headers: Headers;
  body: BodyInit | undefined;
}

/**
 * A fetch over `dispatcher` that follows redirects itself, calling `checkHop` before every request
 * (the first and each redirect's), as fetch's own following would not.
 */
export function followingRedirects(dispatcher: Dispatcher, checkHop: (url: URL) => void): typeof fetch {
  const follow = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof URL || typeof input === 'string' ? undefined : input;
    const mode = init?.redirect ?? request?.redirect ?? 'follow';
    const signal = init?.signal ?? request?.signal;
    const hop: Hop = {
      url: new URL(request ? request.url : String(input)),
      method: init?.method ?? request?.method ?? 'GET',
      // The global fetch's types and undici's describe the same things: bodies, headers.
      headers: new Headers((init?.headers ?? request?.headers) as HeadersInit | undefined),
      body: (init?.body ?? request?.body ?? undefined) as BodyInit | undefined,
    };
    const streamed = hop.body instanceof ReadableStream;
    for (let redirects = 0; ; redirects += 1) {
      checkHop(hop.url);
      const response = await fetchOnce(dispatcher, hop, signal, streamed);
      const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (location === null || mode === 'manual') return response as unknown as Response;
      await response.body?.cancel();
      const from = hop.url.hostname;
      if (mode === 'error') throw new RedirectFailed(`${from} answered a redirect, and redirects are not followed here`);
      if (redirects === MAX_REDIRECTS) throw new RedirectFailed(`${from} redirected more than ${MAX_REDIRECTS} times`);
      redirect(hop, response.status, location, streamed);
    }
  };
  return follow as typeof fetch;
}

async function fetchOnce(dispatcher: Dispatcher, hop: Hop, signal: AbortSignal | null | undefined, streamed: boolean) {
  try {
    return await undiciFetch(hop.url, {
      method: hop.method,
      headers: hop.headers,
      body: hop.body,
      signal: signal ?? null,
      redirect: 'manual',
      dispatcher,
      ...(streamed ? { duplex: 'half' as const } : {}),
    });
  } catch (error) {
    // fetch wraps what the connection met in a TypeError; a refusal is the caller's to see as such.
    throw refusalIn(error) ?? error;
  }
}

/** Turns the hop into the one a redirect names, as fetch does: the method, the body and credentials. */
function redirect(hop: Hop, status: number, location: string, streamed: boolean): void {
  let next: URL;
  try {
    next = new URL(location, hop.url);
  } catch {
    throw new RedirectFailed(`${hop.url.hostname} redirected to something that is not a URL`);
  }
  const method = hop.method.toUpperCase();
  if (((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD')) {
    hop.method = 'GET';
    hop.body = undefined;
    for (const name of BODY_HEADERS) hop.headers.delete(name);
  } else if (streamed && hop.body != null) {
    throw new RedirectFailed(`${hop.url.hostname} redirected a request whose body cannot be sent again`);
  }
  if (next.origin !== hop.url.origin) for (const name of CREDENTIAL_HEADERS) hop.headers.delete(name);
  hop.url = next;
}

function refusalIn(error: unknown): AddressRefused | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof AddressRefused) return cause;
  }
  return undefined;
}
