import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { LiveEventLog, LoggedEvent } from '@parley/stores';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { connectionSet, followLog } from './follow.js';
import type { StreamLease } from './stream-leases.js';

/** A client this far behind (bytes not yet taken by its socket) is cut off; it resumes from its last id. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Node keeps a response's header block, built by concatenating every name and value, for as long
 * as the response lasts – a stream's whole life. Reading one character makes V8 flatten it into
 * one string, so an idle stream holds one small string instead of some eighty pieces (about
 * 3 KiB less per connection).
 */
function compactHeaderString(raw: ServerResponse): void {
  const header = (raw as ServerResponse & { _header?: unknown })._header;
  if (typeof header === 'string' && header.length > 0) header.charCodeAt(0);
}

/**
 * A hijacked stream is Node's response alone from here on: Fastify's own listeners on it (its
 * onResponse bookkeeping, kept until the response finishes – a stream's whole life) would keep
 * its request and reply objects, logger and hooks' state alive for every idle connection. They
 * are released as Fastify itself releases them when a response finishes. The price: a stream
 * does not count in the request-duration histogram (a stream's duration says nothing anyway).
 */
export function releaseFastifyObjects(reply: FastifyReply): void {
  const raw = reply.raw;
  for (const event of ['finish', 'error'] as const) {
    for (const listener of raw.listeners(event)) {
      if ((listener as { name?: string }).name === 'onResFinished') raw.removeListener(event, listener as () => void);
    }
  }
  const socket = reply.request.raw.socket as (Socket & { _meta?: { request: unknown; onTimeout: () => void } | null }) | null;
  if (socket?._meta && socket._meta.request === reply.request) {
    socket.removeListener('timeout', socket._meta.onTimeout);
    socket._meta = null;
  }
}

/** `id:`, `event:` and `data:` lines; JSON has no raw newline, so one data line always holds it. */
function frame(event: LoggedEvent): string {
  return `id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** The headers of an SSE stream, besides Fastify's own (security headers, request id). */
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // Proxies (nginx) must pass each event on at once instead of buffering the response.
  'x-accel-buffering': 'no',
};

/**
 * HEAD on a stream route, once its checks passed: the head a GET would get and nothing more – no
 * stream is opened and no slot of the live-stream caps taken (docs/api.md).
 */
export function streamHead(reply: FastifyReply): FastifyReply {
  return reply.code(200).headers(STREAM_HEADERS).send();
}

interface OpenStream {
  /** Node's response only: an idle stream keeps no Fastify request or reply alive. */
  raw: ServerResponse;
  close(): void;
}

/**
 * The SSE streams of one route family: each follows one live log (a conversation's, or a
 * tenant's inbox) from an event id (`followLog`, shared with the WebSocket). One heartbeat timer
 * for all of them; all are closed when the server closes.
 */
export function liveStreams(app: FastifyInstance, heartbeatMs: number) {
  const open = connectionSet<OpenStream>(app, heartbeatMs, (entry) => entry.raw.write(': heartbeat\n\n'));

  return {
    /**
     * Turns the reply into an SSE stream of `key`'s log after `after` (an empty id: from the
     * start). `endsWith`: an event after which nothing more comes, which closes the stream.
     * `lease`: the stream's slot under the live-stream caps, freed the moment the response closes.
     * `passes`: which events this client may have (the others are skipped, as if not logged).
     */
    async serve(
      reply: FastifyReply,
      options: {
        live: LiveEventLog;
        key: string;
        after: string | undefined;
        endsWith?: LoggedEvent['event'];
        onClose?: () => void;
        lease?: StreamLease;
        passes?: (event: LoggedEvent) => boolean;
      },
    ) {
      reply.hijack();
      reply.raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        ...STREAM_HEADERS,
        connection: 'keep-alive',
      });
      reply.raw.write('retry: 2000\n\n');
      compactHeaderString(reply.raw);
      // Sent: the copies Fastify keeps of them (security headers, request id) are of no more use.
      for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
      const log = reply.request.log;
      // Its access line now: the response will not finish as Fastify's others do.
      app.accessLog?.(reply.request, 200, reply.elapsedTime);
      releaseFastifyObjects(reply);
      const raw = reply.raw;
      const entry: OpenStream = { raw, close: () => follower.close() };
      const follower = followLog({
        live: options.live,
        key: options.key,
        after: options.after,
        log,
        endsWith: options.endsWith,
        sink: {
          write: (event) => (options.passes && !options.passes(event)) || raw.write(frame(event)) || raw.writableLength <= MAX_BUFFERED_BYTES,
          reset: () => raw.write('event: reset\ndata: {}\n\n'),
          end: () => {
            open.delete(entry);
            raw.end();
            options.onClose?.();
          },
        },
      });
      open.add(entry);
      // Counted from here until the response closes (the client went, the log ended or the server closes).
      const counted = app.gatewayMetrics?.connectionOpened('sse') ?? (() => undefined);
      raw.once('close', counted);
      raw.on('close', entry.close);
      if (options.lease) raw.once('close', options.lease.release);
      // The client may have gone while the link and session were being resolved: no 'close' will come.
      if (raw.destroyed || !raw.socket || raw.socket.destroyed) {
        entry.close();
        counted();
        options.lease?.release();
      }
    },
  };
}
