import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '@parley/contracts';
import { compareEventIds, type LiveEvent, type LiveEventLog, type ParsedEventId, parseEventId } from '@parley/stores';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lookupLink } from '../link-lookup.js';
import { credentialHashOf } from '../link-resolver.js';
import { errorResponses } from './error-responses.js';
import type { PublicRoutesOptions } from './public-routes-options.js';

/** A comment line this often keeps proxies and load balancers from closing an idle stream. */
/** A client this far behind (bytes not yet taken by its socket) is cut off; it resumes from its last id. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Replay pages: the log keeps about this many events per conversation. */
const REPLAY_PAGE = 1_000;

const params = z.object({ token: z.string().meta({ description: 'The link token from the `/c/{token}` URL' }) });
const query = z.object({
  session: z.string().max(64).optional().meta({ description: 'The session credential (`pcs_…`) from a chat reply' }),
  last_event_id: z.string().max(64).optional().meta({ description: 'Resume after this event id (for clients that cannot set `Last-Event-ID`)' }),
});
const headers = z.looseObject({
  'last-event-id': z.string().max(64).optional().meta({ description: 'Resume after this event id: sent by EventSource when it reconnects' }),
});

const streamDescription = [
  'An SSE stream (`text/event-stream`). Every event has an `id:`; reconnecting with `Last-Event-ID` resumes after it without loss.',
  'Events: `delta` `{message_id, text}`, `message` `{id, role, content}`, `status` `{state: "thinking" | "typing" | "idle", label?}`,',
  '`session_ended` `{reason}`; `reset` `{}` when the id asked for has left the log (reload the history, then keep listening).',
  'A comment line every SSE_HEARTBEAT_SECONDS (default 15) keeps the connection open.',
].join(' ');

/** What is needed to serve a visitor's stream, checked in the order that reveals the least. */
async function resolveVisitor(options: PublicRoutesOptions, request: FastifyRequest, token: string, session: string | undefined) {
  const link = await lookupLink(options.bus, options.guard, request, token);
  await options.guard.admit(request, link);
  if (session === undefined) {
    throw new AppError('unauthorized', 'a session credential of this link is required', { details: { reason: 'unknown_session' } });
  }
  // The session only (another link's credential is refused there): a stream starts from the live log, not from the stored messages.
  const found = await options.bus.request('sessions.publicSession', { linkId: link.linkId, credentialHash: credentialHashOf(session) }, { requestId: request.id });
  if (found.status !== 'active') throw new AppError('gone', 'this session has ended', { details: { reason: 'session_ended' } });
  return { conversationId: found.conversation_id };
}

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
function releaseFastifyObjects(reply: FastifyReply): void {
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
function frame(event: LiveEvent): string {
  return `id: ${event.id}\nevent: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

interface OpenStream {
  /** Node's response only: an idle stream keeps no Fastify request or reply alive. */
  raw: ServerResponse;
  close(): void;
}

/**
 * Streams a conversation's live events. No gap and no duplicate between what was missed and
 * what comes live: it subscribes first and buffers, replays from the log, then sends the
 * buffered events it has not already sent (ids only increase).
 */
async function stream(live: LiveEventLog, conversationId: string, after: string | undefined, raw: ServerResponse, log: FastifyBaseLogger, open: Set<OpenStream>) {
  let lastSent: ParsedEventId | undefined = after === undefined ? undefined : parseEventId(after);
  let replaying = true;
  let closed = false;
  const buffered: LiveEvent[] = [];

  const send = (event: LiveEvent): void => {
    if (closed) return;
    const id = parseEventId(event.id);
    if (id === undefined || (lastSent !== undefined && compareEventIds(id, lastSent) <= 0)) return;
    lastSent = id;
    raw.write(frame(event));
    if (raw.writableLength > MAX_BUFFERED_BYTES) entry.close();
    // Nothing more will come for this session: the client stops at the 410 of its reconnect.
    else if (event.event === 'session_ended') entry.close();
  };
  const entry: OpenStream = {
    raw,
    close: () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      open.delete(entry);
      raw.end();
    },
  };
  const unsubscribe = live.subscribe(conversationId, (event) => {
    if (replaying) buffered.push(event);
    else send(event);
  });
  open.add(entry);
  raw.on('close', entry.close);
  // The client may have gone while the link and session were being resolved: no 'close' will come.
  if (raw.destroyed || !raw.socket || raw.socket.destroyed) entry.close();

  try {
    let cursor = after;
    let first = true;
    for (;;) {
      const page = await live.readAfter(conversationId, cursor, REPLAY_PAGE);
      if (closed) return;
      if (first && page.reset) {
        // Everything from here on is new to the client: it reloads the history for the rest.
        lastSent = undefined;
        raw.write('event: reset\ndata: {}\n\n');
      }
      first = false;
      for (const event of page.events) send(event);
      if (page.events.length < REPLAY_PAGE) break;
      cursor = page.events.at(-1)?.id;
    }
    replaying = false;
    for (const event of buffered.splice(0)) send(event);
  } catch (error) {
    log.warn({ err: error, conversationId }, 'live event replay failed; closing the stream');
    entry.close();
  }
}

/** A visitor's live events over SSE, resumable with Last-Event-ID (API.md). */
export const publicEventsRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, options) => {
  const open = new Set<OpenStream>();
  // One timer for every stream of this gateway, running only while there is one.
  let heartbeat: NodeJS.Timeout | undefined;
  const startHeartbeat = () => {
    heartbeat ??= setInterval(() => {
      if (open.size === 0) {
        clearInterval(heartbeat);
        heartbeat = undefined;
        return;
      }
      for (const entry of open) entry.raw.write(': heartbeat\n\n');
    }, options.config.sseHeartbeatMs);
    heartbeat.unref();
  };
  // Streams never end by themselves: the server could not close while one is open.
  app.addHook('preClose', async () => {
    for (const entry of [...open]) entry.close();
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
  });

  app.get(
    '/api/public/events/:token',
    {
      config: { auth: 'none' },
      schema: {
        tags: ['Public chat'],
        summary: "A visitor's live events (SSE): reply deltas, messages, the agent's status, the session ending",
        params,
        querystring: query,
        headers,
        produces: ['text/event-stream'],
        response: {
          200: z.string().meta({ description: streamDescription }),
          ...errorResponses(400, 401, 403, 404, 410, 503),
        },
      },
    },
    async (request, reply) => {
      const { conversationId } = await resolveVisitor(options, request, request.params.token, request.query.session);
      const { live } = options;
      if (!live) throw new AppError('unavailable', 'live events are not served by this deployment', { details: { reason: 'live_events' } });
      const after = request.headers['last-event-id'] ?? request.query.last_event_id;

      reply.hijack();
      reply.raw.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Proxies (nginx) must pass each event on at once instead of buffering the response.
        'x-accel-buffering': 'no',
      });
      reply.raw.write('retry: 2000\n\n');
      compactHeaderString(reply.raw);
      // Sent: the copies Fastify keeps of them (security headers, request id) are of no more use.
      for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
      releaseFastifyObjects(reply);
      startHeartbeat();
      await stream(live, conversationId, after === '' ? undefined : after, reply.raw, request.log, open);
    },
  );
};
