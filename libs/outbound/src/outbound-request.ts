import { Headers } from 'undici';
import { openGuardedFetch, RedirectFailed } from './guarded-fetch.js';
import { AddressRefused } from './url-guard.js';

export interface OutboundInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** The whole request: resolving, connecting, redirects and reading the whole answer. */
  timeoutMs: number;
  /** The most of the answer's body read; a longer one is `too_large`, not read further. */
  maxResponseBytes: number;
  allowPrivate: boolean;
  /** Who calls out, as a refusal names it (`tools may not reach it`). */
  who: string;
  /** The caller's own end (a turn given up): the request stops and this rejects with its reason. */
  signal?: AbortSignal;
  /** `bytes`: the answer's body as it came, not decoded (a PDF, a DOCX); text unless said. */
  read?: 'text' | 'bytes';
  /**
   * A guarded fetch the caller keeps (openGuardedFetch with the same `allowPrivate` and `who`), so
   * requests to one service reuse its kept-alive connections; without it, each request opens
   * connections of its own and closes them after.
   */
  via?: { fetch: typeof fetch };
}

/**
 * How a request that got no usable answer ended: `timeout`, `refused` (an address the caller may
 * not reach, or not a URL it may call), `network_error` (no answer: connection refused or reset,
 * TLS failed, too many redirects), `too_large` (an answer over `maxResponseBytes`).
 */
export type OutboundFailure = 'timeout' | 'refused' | 'network_error' | 'too_large';

/**
 * An answer, whatever its status (`ok` says one came, not that it was a 2xx), or why none did. A
 * message names the host only: a URL's query and the headers may carry secrets.
 */
export type OutboundResponse<Body extends string | Uint8Array = string> =
  | { ok: true; status: number; contentType: string | null; body: Body; truncated: false }
  | { ok: false; kind: OutboundFailure; message: string };

/**
 * One request through the guard (guardedFetch: public addresses only unless `allowPrivate`, each
 * redirect checked), its answer read as text within `timeoutMs` and `maxResponseBytes`. Every
 * failure is an outcome, never a throw – except the caller's own `signal`, whose reason it rejects with.
 */
export async function outboundRequest(url: string, init: OutboundInit & { read: 'bytes' }): Promise<OutboundResponse<Uint8Array>>;
export async function outboundRequest(url: string, init: OutboundInit): Promise<OutboundResponse>;
export async function outboundRequest(url: string, init: OutboundInit): Promise<OutboundResponse<string | Uint8Array>> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, kind: 'refused', message: 'not a valid URL' };
  }
  const host = target.hostname;
  let headers: Headers;
  try {
    headers = new Headers(init.headers);
  } catch {
    // The error would quote the header's value, which may be a secret.
    return { ok: false, kind: 'network_error', message: `the request to ${host} was not sent: a header name or value is not valid` };
  }
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), init.timeoutMs);
  const signal = init.signal ? AbortSignal.any([deadline.signal, init.signal]) : deadline.signal;
  const own = init.via ? undefined : openGuardedFetch({ allowPrivate: init.allowPrivate, who: init.who });
  const guarded = init.via ?? (own as { fetch: typeof fetch });
  try {
    const response = await guarded.fetch(target, { method: init.method, headers, body: init.body ?? null, signal });
    const tooLarge = { ok: false, kind: 'too_large', message: `${host} answered more than ${init.maxResponseBytes} bytes` } as const;
    // A declared length is of the body as sent: only without a content encoding is it what would be read.
    const declared = response.headers.has('content-encoding') ? Number.NaN : Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > init.maxResponseBytes) {
      // Not read: a kept connection is let go rather than left holding the body.
      response.body?.cancel().catch(() => undefined);
      return tooLarge;
    }
    const bytes = await readAtMost(response.body, init.maxResponseBytes);
    if (bytes === undefined) return tooLarge;
    const contentType = response.headers.get('content-type');
    return { ok: true, status: response.status, contentType, body: init.read === 'bytes' ? bytes : decode(bytes, contentType), truncated: false };
  } catch (error) {
    if (deadline.signal.aborted) return { ok: false, kind: 'timeout', message: `${host} did not answer in full within ${init.timeoutMs / 1000} s` };
    if (init.signal?.aborted) throw init.signal.reason;
    if (error instanceof AddressRefused) return { ok: false, kind: 'refused', message: error.message };
    if (error instanceof RedirectFailed) return { ok: false, kind: 'network_error', message: error.message };
    const code = codeIn(error);
    return { ok: false, kind: 'network_error', message: `${host} could not be reached${code ? ` (${code})` : ''}` };
  } finally {
    clearTimeout(timer);
    await own?.close();
  }
}

/** The body's bytes, or undefined as soon as there are more than `max` – the rest is never read. */
async function readAtMost(body: ReadableStream<Uint8Array> | null, max: number): Promise<Uint8Array | undefined> {
  if (body === null) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, total);
    total += value.byteLength;
    if (total > max) {
      // Closing the connection is the guard's (close(), or the cancel for a kept one); waiting on the cancel could outlast the deadline.
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
}

/** The body as text in its declared charset, UTF-8 when none or one this runtime does not know. */
function decode(bytes: Uint8Array, contentType: string | null): string {
  const charset = /;\s*charset="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * The first error code along the causes (`ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`,
 * `ERR_TLS_CERT_ALTNAME_INVALID` …): what went wrong, without an error's message, which could
 * quote what was sent.
 */
function codeIn(error: unknown): string | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
