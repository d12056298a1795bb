import { Agent, type Dispatcher, interceptors } from 'undici';

/** As fetch does: at most this many redirects are followed. */
const MAX_REDIRECTS = 20;
/** Statuses whose response has no body: a Response with one cannot be built. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export interface LlmFetch {
  /** The `fetch` the openai SDK takes. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Closes the kept-alive connections. */
  close(): Promise<void>;
}

/** The request's headers as undici takes them, asking for no compression unless the caller chose. */
function requestHeaders(init: RequestInit['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  if (init instanceof Headers) {
    init.forEach((value, name) => {
      headers[name] = value;
    });
  } else if (Array.isArray(init)) {
    for (const [name, value] of init) if (name !== undefined && value !== undefined) headers[name.toLowerCase()] = value;
  } else if (init) {
    for (const name in init) headers[name.toLowerCase()] = init[name] as string;
  }
  headers['accept-encoding'] ??= 'identity';
  return headers;
}

/**
 * A response's headers as the SDK reads them – get, has, entries – over undici's plain object,
 * without the validation and copies a WHATWG Headers makes of every name and value.
 */
class ReceivedHeaders {
  constructor(private readonly raw: Record<string, string | string[] | undefined>) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw).sort()) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.append(name, value);
  }
  return headers;
}

/**
 * What the SDK reads of every response, over what undici answered: status, ok, headers (a
 * ReceivedHeaders) and the address. Its two kinds differ only in their body.
 */
abstract class AnsweredResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: ReceivedHeaders;
  readonly statusText = '';
  readonly redirected = false;
  readonly type = 'basic';

  constructor(
    readonly url: string,
    response: Dispatcher.ResponseData,
  ) {
    this.status = response.statusCode;
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new ReceivedHeaders(response.headers);
  }
}

/**
 * A whole JSON response read off the socket, answered as the SDK reads one (json, text, no body
 * stream) without a WHATWG Response around it: that one builds a web ReadableStream over bytes
 * already in hand, and reading it back goes through the stream again.
 */
class ReadResponse extends AnsweredResponse {
  readonly body = null;
  bodyUsed = false;

  constructor(
    url: string,
    response: Dispatcher.ResponseData,
    private readonly content: string,
  ) {
    super(url, response);
  }

  private take(): string {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    this.bodyUsed = true;
    return this.content;
  }

  async text(): Promise<string> {
    return this.take();
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.take());
  }
}

/**
 * An event stream answered as the SDK reads one (a body it iterates chunk by chunk and may
 * cancel), its body undici's own readable as the socket fills it. A WHATWG Response would put a
 * web ReadableStream around it, and the SDK would read every chunk back through that stream's
 * reader: some 7 % of a streamed call's CPU (bench/README.md, `llm-fetch`).
 */
class StreamedResponse extends AnsweredResponse {
  readonly body: Dispatcher.ResponseData['body'];

  constructor(url: string, response: Dispatcher.ResponseData) {
    super(url, response);
    this.body = response.body;
  }

  get bodyUsed(): boolean {
    return this.body.bodyUsed;
  }

  text(): Promise<string> {
    return this.body.text();
  }

  json(): Promise<unknown> {
    return this.body.json();
  }
}

/** Media types the SDK parses as JSON: its replies and its errors. */
const isJson = (contentType: string): boolean => {
  const type = contentType.split(';')[0]?.trim() ?? '';
  return type.includes('application/json') || type.endsWith('+json');
};

/**
 * The openai SDK's `fetch` (it takes any), on undici's request API over keep-alive connections
 * (one pool per origin). The SDK's default, the global fetch, speaks the same HTTP with much more
 * work around each call – WHATWG Request objects, the request body cloned and teed in case of a
 * redirect, the response piped through more web streams – which was about half of the CPU an
 * LLM call cost the agent-runner. What a caller sees is what the SDK reads of a fetch: redirects
 * followed (up to 20), the caller's signal aborting the request and its body, an event stream
 * handed over as it arrives. Four differences, on purpose: an event stream is a StreamedResponse,
 * its body undici's readable, which the SDK iterates as it does a web stream; any other response
 * is read whole before it is answered (the SDK reads such bodies whole anyway) – a JSON one as a
 * ReadResponse (status, headers, text and json, no body stream) –; the request asks for no
 * compression (`accept-encoding: identity`), so nothing has to be inflated – streamed replies
 * are not compressed anyway –; and a body that is not a string (the SDK's uploads) goes to the
 * global fetch, as does a `Request` given as input.
 */
export function createLlmFetch(options: { connectTimeoutMs?: number } = {}): LlmFetch {
  const agent = new Agent({ connect: { timeout: options.connectTimeoutMs ?? 10_000 } });
  const dispatcher: Dispatcher = agent.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS }));

  const llmFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = init.body;
    if (input instanceof Request || (body !== undefined && body !== null && typeof body !== 'string')) return fetch(input, init);
    const url = typeof input === 'string' ? new URL(input) : input;
    const response = await dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: (init.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod,
      headers: requestHeaders(init.headers),
      body: body ?? null,
      signal: init.signal ?? undefined,
    });
    const contentType = response.headers['content-type'];
    // JSON – every completion not streamed, and the API's errors – the SDK reads whole as text.
    if (typeof contentType === 'string' && isJson(contentType) && !NULL_BODY_STATUSES.has(response.statusCode)) {
      const read = new ReadResponse(url.href, response, await response.body.text());
      return read as unknown as Response;
    }
    const answer = (content: ConstructorParameters<typeof Response>[0]) =>
      new Response(content, { status: response.statusCode, headers: responseHeaders(response.headers) });
    if (NULL_BODY_STATUSES.has(response.statusCode)) {
      await response.body.dump();
      return answer(null);
    }
    // An event stream is handed over as it comes; anything else (bytes: audio, files) whole.
    if (typeof contentType === 'string' && contentType.startsWith('text/event-stream')) {
      return new StreamedResponse(url.href, response) as unknown as Response;
    }
    return answer(new Uint8Array(await response.body.arrayBuffer()));
  };

  return { fetch: llmFetch, close: () => agent.close() };
}
