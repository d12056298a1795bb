import { errorFromResponse, networkError, ParleyApiError } from './errors.js';
import type { paths } from './openapi.js';
import { signRequest } from './signing.js';
import { type LiveEvent, followEvents, type FollowOptions } from './events.js';
import { openSocket, type SocketOptions, type WidgetSocket } from './socket.js';
import { fillPath, type Method, type Operation, type OptionalWhenEmpty, type PathsWith, queryString, type RequestOptions, type Success } from './typed.js';

/**
 * Who makes the management calls: an API key as a bearer (the platform admin's with the tenant it
 * acts on), or a console session, whose cookie the browser sends itself, with its CSRF token on
 * every change (docs/management-api.md, "Console sessions").
 */
export type ClientAuth = { kind: 'key'; key: string; tenantId?: string | undefined } | { kind: 'session'; csrfToken: string | null };

export interface ParleyClientOptions {
  /** Where the API is served (`https://chat.example.com`); empty in a page the platform serves itself. A trailing slash is ignored. */
  baseUrl?: string;
  /** The management API's credential; left out for the public chat API alone. */
  auth?: ClientAuth | undefined;
  /** The HMAC key that signs Text Chat API requests (`/api/chat/…`): CHAT_API_SECRET or a tenant's own secret. */
  chatSecret?: string | undefined;
  /** Per request, in milliseconds; none by default (a turn may wait long on a language model). */
  timeoutMs?: number | undefined;
  /** For callers that route requests themselves (tests, proxies, benchmarks). */
  fetch?: typeof fetch;
  /** Added to every request's init (`{ cache: 'no-store' }` in a browser, say). */
  init?: RequestInit;
  /** The clock signatures are timed by, in milliseconds. */
  now?: () => number;
}

type Call<M extends Method> = <P extends PathsWith<M>>(path: P, ...options: OptionalWhenEmpty<Operation<P, M>>) => Promise<Success<Operation<P, M>>>;

/** Options of a call to a path the document does not type (see `raw`). */
export interface RawOptions {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export type ParleyClient = ReturnType<typeof createParleyClient>;

/**
 * A client of the whole HTTP API. `GET`, `POST`, `PUT`, `PATCH` and `DELETE` take a path as the
 * OpenAPI document writes it (`/api/agents/{name}`) and its parameters, typed from the document;
 * any answer but a 2xx throws a ParleyApiError carrying the error body.
 */
export function createParleyClient(options: ParleyClientOptions = {}) {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? ((input: string | URL | Request, init?: RequestInit) => fetch(input, init));
  const now = options.now ?? Date.now;
  const auth = options.auth;
  /** The last millisecond signed for each distinct request: the same request twice is signed a millisecond apart. */
  const lastSigned = new Map<string, number>();

  const signingTime = (request: string) => {
    const last = lastSigned.get(request);
    const time = Math.max(now(), last === undefined ? 0 : last + 1);
    lastSigned.set(request, time);
    if (lastSigned.size > 1000) lastSigned.delete(lastSigned.keys().next().value as string);
    return time;
  };

  /** One request; the Response of a 2xx, a ParleyApiError for any other status. */
  async function send(method: string, template: string, call: RawOptions = {}): Promise<Response> {
    const target = fillPath(template, call.path) + queryString(call.query);
    const payload = call.body === undefined ? '' : JSON.stringify(call.body);
    const headers: Record<string, string> = { accept: 'application/json, text/event-stream;q=0.9, */*;q=0.8' };
    if (payload !== '') headers['content-type'] = 'application/json';
    if (auth?.kind === 'key') {
      headers.authorization = `Bearer ${auth.key}`;
      if (auth.tenantId) headers['x-tenant-id'] = auth.tenantId;
    }
    if (auth?.kind === 'session' && auth.csrfToken && method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = auth.csrfToken;
    // The Text Chat API's routes are signed: the target as sent, not the base URL's prefix (docs/text-chat-api.md, "Signing a request").
    if (options.chatSecret !== undefined && target.startsWith('/api/chat/')) {
      Object.assign(headers, await signRequest(options.chatSecret, method, target, payload, signingTime(`${method} ${target} ${payload}`)));
    }
    Object.assign(headers, call.headers);
    const url = baseUrl + target;
    const signals = [call.signal, options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs)].filter((s) => s !== undefined);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        ...options.init,
        method,
        headers,
        ...(payload === '' ? {} : { body: payload }),
        credentials: auth?.kind === 'session' ? 'include' : 'omit',
        ...(signals.length > 0 ? { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) } : {}),
      });
    } catch (error) {
      if (call.signal?.aborted) throw error;
      throw networkError(url, error, options.timeoutMs);
    }
    if (response.status < 200 || response.status >= 300) throw errorFromResponse(response, await response.text().catch(() => ''));
    return response;
  }

  /** The body of a 2xx: JSON parsed, `null` when there is none, text otherwise. */
  async function bodyOf(method: string, template: string, response: Response): Promise<unknown> {
    const text = await response.text();
    if (text === '') return null;
    if (!/json/.test(response.headers.get('content-type') ?? '')) return text;
    try {
      return JSON.parse(text);
    } catch {
      throw new ParleyApiError(response.status, 'invalid_response', `${method} ${template} answered ${response.status} with a body that is not JSON`);
    }
  }

  const typed = <M extends Method>(method: M): Call<M> =>
    (async (path: string, call?: RequestOptions<unknown>) => {
      const upper = method.toUpperCase();
      return bodyOf(upper, path, await send(upper, path, call as RawOptions));
    }) as Call<M>;

  const client = {
    GET: typed('get'),
    POST: typed('post'),
    PUT: typed('put'),
    PATCH: typed('patch'),
    DELETE: typed('delete'),
    /**
     * Any request, typed or not, answered as the Response itself (after the same checks: any
     * status but a 2xx throws): for files, streams, and routes the document leaves out.
     */
    raw: (method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, call?: RawOptions) => send(method, path, call),
    /** Any request answered as its body, for routes the document leaves out (the console's sign-out). */
    call: async <T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, call?: RawOptions): Promise<T> =>
      (await bodyOf(method, path, await send(method, path, call))) as T,
    /**
     * A live event stream read as Server-Sent Events, as an async iterator: it reconnects after
     * a dropped connection from the last event id, ends after `session_ended` or when `signal`
     * aborts, and throws a refusal (4xx) as a ParleyApiError.
     */
    events: <P extends LiveStreamPath>(path: P, call: RequestOptions<Operation<P, 'get'>> & FollowOptions): AsyncGenerator<LiveEvent> =>
      followEvents((lastEventId, signal) => {
        const headers = { ...call.headers, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) };
        return send('GET', path, { ...(call as RawOptions), headers, signal });
      }, call),
    /** The Text Chat API, each request signed with `chatSecret`. */
    textChat: {
      createSession: (body: Operation<'/api/chat/sessions', 'post'>['requestBody']['content']['application/json'], call?: CallOnly) =>
        client.POST('/api/chat/sessions', { body, ...call }),
      /** `idempotencyKey`: the same on each retry of one message, so it is answered once (docs/text-chat-api.md "When a message fails"). */
      sendMessage: (sessionId: string, content: string, call?: CallOnly & { idempotencyKey?: string }) =>
        client.POST('/api/chat/sessions/{session_id}/messages', {
          path: { session_id: sessionId },
          body: { content },
          ...withKey(call),
        }),
      getSession: (sessionId: string, call?: CallOnly) => client.GET('/api/chat/sessions/{session_id}', { path: { session_id: sessionId }, ...call }),
      endSession: (sessionId: string, call?: CallOnly) => client.DELETE('/api/chat/sessions/{session_id}', { path: { session_id: sessionId }, ...call }),
    },
    /** The public chat API of one link, by its token: what a visitor's page calls. */
    publicChat: (token: string) => ({
      link: () => client.GET('/api/public/links/{token}', { path: { token } }),
      /** A session without a message: its credential (`session`) comes at once. */
      start: (body: NonNullable<JsonOf<Operation<'/api/public/sessions/{token}', 'post'>>> = {}) =>
        client.POST('/api/public/sessions/{token}', { path: { token }, body }),
      /** A message; without `session`, the first of a new session. */
      send: (
        content: string,
        more: Omit<NonNullable<JsonOf<Operation<'/api/public/chat/{token}', 'post'>>>, 'content'> & CallOnly & { idempotencyKey?: string } = {},
      ) => {
        const { idempotencyKey, headers, signal, ...body } = more;
        return client.POST('/api/public/chat/{token}', {
          path: { token },
          body: { content, ...body },
          ...withKey({ idempotencyKey, headers, signal }),
        });
      },
      /** The conversation so far; with `after`, the live events since that id too. */
      history: (session: string, after?: string) =>
        client.GET('/api/public/history/{token}', { path: { token }, query: { session, ...(after === undefined ? {} : { after }) } }),
      /** The session's live events (docs/public-chat-api.md "Live events"). */
      events: (session: string, follow: FollowOptions = {}) => client.events('/api/public/events/{token}', { path: { token }, query: { session }, ...follow }),
      /** The widget's WebSocket: live events one way, messages and typing the other (docs/api.md "The widget's WebSocket"). */
      socket: (session: string, more: SocketOptions = {}): WidgetSocket =>
        openSocket(
          socketUrl(baseUrl, `/api/public/ws/${encodeURIComponent(token)}`, { session, ...(more.lastEventId ? { last_event_id: more.lastEventId } : {}) }),
          more,
        ),
    }),
  };
  return client;
}

type CallOnly = { headers?: Record<string, string> | undefined; signal?: AbortSignal | undefined };
type JsonOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** The paths whose GET is a live event stream. */
export type LiveStreamPath = '/api/public/events/{token}' | '/api/inbox/events';

function withKey(call: (CallOnly & { idempotencyKey?: string | undefined }) | undefined): { headers?: Record<string, string>; signal?: AbortSignal } {
  const headers = { ...call?.headers, ...(call?.idempotencyKey ? { 'idempotency-key': call.idempotencyKey } : {}) };
  return { headers, ...(call?.signal ? { signal: call.signal } : {}) };
}

/** ws:// or wss:// as the API is served over http:// or https:// (the page's own origin when `baseUrl` is empty). */
function socketUrl(baseUrl: string, path: string, query: Record<string, string>): string {
  const origin = baseUrl === '' ? ((globalThis as { location?: { origin: string } }).location?.origin ?? '') : baseUrl;
  if (origin === '') throw new TypeError('the WebSocket needs a baseUrl outside a browser page');
  return `${origin.replace(/^http/, 'ws')}${path}${queryString(query)}`;
}

export type { paths };
