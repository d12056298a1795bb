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
 * The openai SDK's `fetch` (it takes any), on undici's request API over keep-alive connections
 * (one pool per origin). The SDK's default, the global fetch, speaks the same HTTP with much more
 * work around each call – WHATWG Request objects, the request body cloned and teed in case of a
 * redirect, the response piped through more web streams – which was about half of the CPU an
 * LLM call cost the agent-runner. What a caller sees stays fetch's: a real `Response`,
 * redirects followed (up to 20), the caller's signal aborting the request and its body, an event
 * stream handed over as it arrives. Three differences, on purpose: any other response is read
 * whole before it is answered (the SDK reads such bodies whole anyway); the request asks for no
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
    const responseInit = { status: response.statusCode, headers: responseHeaders(response.headers) };
    if (NULL_BODY_STATUSES.has(response.statusCode)) {
      await response.body.dump();
      return new Response(null, responseInit);
    }
    // An event stream is handed over as it comes; anything else the SDK reads whole anyway, and
    // bytes read here make a Response far cheaper to read than one fed from a node stream.
    if (!responseInit.headers.get('content-type')?.startsWith('text/event-stream')) {
      return new Response(new Uint8Array(await response.body.arrayBuffer()), responseInit);
    }
    return new Response(response.body, responseInit);
  };

  return { fetch: llmFetch, close: () => agent.close() };
}
