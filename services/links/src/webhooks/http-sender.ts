import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { AddressRefused, bareHost, type CheckedAddress, checkedAddress } from '@parley/outbound';

/**
 * How an attempt ended, for metrics: `delivered` (a 2xx answer), `http_error` (another answer),
 * `timeout`, `refused` (the address is not one webhooks may reach), `network_error` (no answer:
 * name not found, connection refused or reset, TLS failed).
 */
export type PostResult = 'delivered' | 'http_error' | 'timeout' | 'refused' | 'network_error';

/** What one attempt came to: the receiver's status (null when none came) or what went wrong. */
export interface PostOutcome {
  status: number | null;
  error: string | null;
  result: PostResult;
  durationMs: number;
}

/** Longest error text kept with an attempt. */
const MAX_ERROR_LENGTH = 500;

/**
 * POSTs a webhook body. The host is resolved and checked once (@parley/outbound) and the socket is
 * pinned to that checked address through its `lookup`, so nothing resolves the name a second
 * time; the Host header and TLS name stay the URL's host. Redirects are not followed (a redirect
 * could point anywhere): a 3xx is a failed attempt like any other non-2xx answer. The whole
 * attempt – resolving, connecting, sending, the answer's headers – has `timeoutMs`.
 */
export async function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<PostOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AttemptTimeout(options.timeoutMs)), options.timeoutMs);
  });
  let sending: PinnedRequest | undefined;
  try {
    const target = await Promise.race([checkedAddress(url, { allowPrivate: options.allowPrivate, who: 'webhooks' }), deadline]);
    sending = sendPinned(url, target, body, headers);
    const status = await Promise.race([sending.status, deadline]);
    const delivered = status >= 200 && status < 300;
    return { status, error: delivered ? null : `the receiver answered ${status}`, result: delivered ? 'delivered' : 'http_error', durationMs: elapsed() };
  } catch (error) {
    sending?.abort();
    const result = error instanceof AttemptTimeout ? 'timeout' : error instanceof AddressRefused ? 'refused' : 'network_error';
    return { status: null, error: describe(error), result, durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}

export interface PinnedRequest {
  /** The answer's status code, once its headers came. */
  status: Promise<number>;
  abort(): void;
}

/**
 * POSTs to the URL over a socket connected to `target`, whatever the URL's host resolves to now:
 * the socket's `lookup` answers the checked address (a literal IP host is not looked up at all).
 * The Host header and the TLS server name stay the URL's host.
 */
export function sendPinned(url: URL, target: CheckedAddress, body: string, headers: Record<string, string>): PinnedRequest {
  let request: http.ClientRequest | undefined;
  const status = new Promise<number>((resolve, reject) => {
    request = (url.protocol === 'https:' ? https : http).request(
      {
        method: 'POST',
        host: bareHost(url),
        port: url.port === '' ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Parley-Webhooks/1' },
        lookup: pinnedTo(target),
        // A socket of its own: a pooled one could have been opened to another address.
        agent: false,
      },
      (response) => {
        // The status is the answer; the body is read and dropped so the socket can close.
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
  return { status, abort: () => request?.destroy() };
}

/** A lookup that answers the checked address, whatever it is asked (a literal IP host never asks). */
function pinnedTo(target: CheckedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
}

class AttemptTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000} s`);
  }
}

function describe(error: unknown): string {
  let text: string;
  if (error instanceof AddressRefused) text = `refused: ${error.message}`;
  else if (error instanceof AttemptTimeout) text = `timed out: ${error.message}`;
  else if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    text = code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  } else text = String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
