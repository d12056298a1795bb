import { signRequest } from '@parley/auth';
import type {
  ApiErrorBody,
  CreateSessionRequest,
  CreateSessionResponse,
  EndSessionResponse,
  SendMessageResponse,
  SessionStatus,
} from './api-types.js';

export interface ChatApiClientOptions {
  /** Where the API is served, e.g. `http://127.0.0.1:8080`; a trailing slash is ignored. */
  baseUrl: string;
  /** The HMAC key (CHAT_API_SECRET) every request is signed with. */
  secret: string;
  /** Per request. Generous by default because a turn may wait on an LLM. */
  timeoutMs?: number;
  /** For callers that need to route requests themselves (benchmarks, proxies). */
  fetch?: typeof fetch;
  /** Clock for X-Timestamp, in milliseconds. */
  now?: () => number;
}

/** The API answered with an error status; `code` and `message` come from its error body. */
export class ChatApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ChatApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** No HTTP answer at all (refused, reset, DNS, timeout); the message names the URL. */
export class ChatNetworkError extends Error {
  readonly url: string;

  constructor(url: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChatNetworkError';
    this.url = url;
  }
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** A client of the HMAC-signed Text Chat API: one typed method per endpoint. */
export class ChatApiClient {
  private readonly baseUrl: string;
  private readonly secret: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  /** The last whole second signed for each distinct request (method, path, body). */
  private readonly lastSignedSecond = new Map<string, number>();

  constructor(options: ChatApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.secret = options.secret;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  createSession(request: CreateSessionRequest): Promise<CreateSessionResponse> {
    return this.request('POST', '/api/chat/sessions', request);
  }

  sendMessage(sessionId: string, content: string): Promise<SendMessageResponse> {
    return this.request('POST', `${sessionPath(sessionId)}/messages`, { content });
  }

  getStatus(sessionId: string): Promise<SessionStatus> {
    return this.request('GET', sessionPath(sessionId));
  }

  endSession(sessionId: string): Promise<EndSessionResponse> {
    return this.request('DELETE', sessionPath(sessionId));
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    // The signature covers the exact bytes sent, so the body is serialised once and reused.
    const payload = body === undefined ? '' : JSON.stringify(body);
    const url = this.baseUrl + path;
    // As docs/api.md, "Signing a request" says, the API path (with its query string, as sent, if it had one) is
    // signed, not the base URL's prefix: a proxy mounted under a prefix forwards the bare API path.
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...signRequest(this.secret, method, path, payload, this.signingTime(method, path, payload)),
    };
    // No Content-Type without a body: JSON parsers (fastify's among them) refuse an empty JSON body.
    if (payload !== '') headers['content-type'] = 'application/json';

    let status: number;
    let text: string;
    try {
      const response = await this.fetchImpl(url, {
        method,
        headers,
        body: payload === '' ? undefined : payload,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw new ChatNetworkError(url, describeNetworkFailure(url, error, this.timeoutMs), { cause: error });
    }

    if (status < 200 || status >= 300) throw errorFromBody(status, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ChatApiError(status, 'invalid_response', `${method} ${path} answered ${status} without a JSON body`);
    }
  }

  /**
   * The API accepts each signature once and, as in the reference, timestamps are whole seconds:
   * the same request twice within a second (`/status` then `/vars`) would repeat its signature and
   * be refused as a replay. Such a repeat is signed a second later, well inside the ±300 s window.
   */
  private signingTime(method: string, path: string, payload: string): number {
    const request = `${method} ${path} ${payload}`;
    const last = this.lastSignedSecond.get(request);
    const second = Math.max(Math.floor(this.now() / 1000), last === undefined ? 0 : last + 1);
    this.lastSignedSecond.set(request, second);
    return second * 1000;
  }
}

function sessionPath(sessionId: string): string {
  return `/api/chat/sessions/${encodeURIComponent(sessionId)}`;
}

function errorFromBody(status: number, text: string): ChatApiError {
  try {
    const parsed = JSON.parse(text) as Partial<ApiErrorBody>;
    const error = parsed.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      return new ChatApiError(status, error.code, error.message, error.details);
    }
  } catch {
    // Not the platform's error contract (a proxy's HTML page, say): fall through.
  }
  const snippet = text.trim().replace(/\s+/g, ' ').slice(0, 200);
  return new ChatApiError(status, 'http_error', snippet === '' ? `HTTP ${status}` : snippet);
}

function describeNetworkFailure(url: string, error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer from ${url} within ${Math.round(timeoutMs / 1000)}s`;
  }
  // fetch reports every transport failure as "fetch failed"; the useful part is in `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return `cannot reach ${url} (${reason})`;
}
