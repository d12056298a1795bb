import { ParleyApiError } from './errors.js';

/**
 * One live event (docs/public-chat-api.md "Live events"): its id (none on a `reset`), its name and its data,
 * parsed as JSON (the text itself when it is not JSON). Events a client does not know are passed on
 * too: ignore them.
 */
export interface LiveEvent {
  id?: string;
  event: string;
  data: unknown;
}

export interface FollowOptions {
  /** Resume after this event id (as `Last-Event-ID`). */
  lastEventId?: string | undefined;
  /** Stops following: the iterator ends. */
  signal?: AbortSignal | undefined;
  /** Reconnect after a dropped connection; true by default. */
  reconnect?: boolean | undefined;
  /** The wait before reconnecting until the server says otherwise (its `retry:` line); 2 s by default. */
  retryMs?: number | undefined;
  /** Told when the stream is open (`live`) and when it dropped and is being opened again (`reconnecting`), for a page to show. */
  onState?: ((state: 'live' | 'reconnecting') => void) | undefined;
}

/** Splits a Server-Sent Events body into events; comments (heartbeats) are skipped, `retry:` reported. */
export async function* readEventStream(body: ReadableStream<Uint8Array>, onRetry?: (ms: number) => void): AsyncGenerator<LiveEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const event = parseBlock(buffer.slice(0, end), onRetry);
        buffer = buffer.slice(end + 2);
        if (event) yield event;
        end = buffer.indexOf('\n\n');
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function parseBlock(block: string, onRetry?: (ms: number) => void): LiveEvent | undefined {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry?.(Number(value));
  }
  if (data.length === 0) return undefined;
  const text = data.join('\n');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the text as it came.
  }
  return { ...(id === undefined ? {} : { id }), event, data: parsed };
}

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Follows a live stream: opens it with the last event id seen, yields its events, and after a
 * dropped connection (or an answer of 5xx or 429) opens it again from there. Ends after
 * `session_ended`, or when the signal aborts; any other refusal is thrown.
 */
export async function* followEvents(
  open: (lastEventId: string | undefined, signal: AbortSignal | undefined) => Promise<Response>,
  options: FollowOptions,
): AsyncGenerator<LiveEvent> {
  let lastEventId = options.lastEventId;
  let retryMs = options.retryMs ?? 2_000;
  const signal = options.signal;
  while (!signal?.aborted) {
    try {
      const response = await open(lastEventId, signal);
      if (!response.body) throw new ParleyApiError(response.status, 'invalid_response', 'the live stream answered without a body');
      options.onState?.('live');
      for await (const event of readEventStream(response.body, (ms) => {
        retryMs = ms;
      })) {
        if (event.id !== undefined) lastEventId = event.id;
        yield event;
        if (event.event === 'session_ended') return;
      }
    } catch (error) {
      if (signal?.aborted) return;
      const retryable = !(error instanceof ParleyApiError) || error.status >= 500 || error.status === 429;
      if (!retryable || options.reconnect === false) throw error;
      if (error instanceof ParleyApiError && error.retryAfterSeconds !== undefined) {
        options.onState?.('reconnecting');
        await sleep(error.retryAfterSeconds * 1000, signal);
        continue;
      }
    }
    if (options.reconnect === false || signal?.aborted) return;
    options.onState?.('reconnecting');
    await sleep(retryMs, signal);
  }
}
