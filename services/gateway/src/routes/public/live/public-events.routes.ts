import { AppError } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lookupLink } from '../../../links/lookup.js';
import { credentialHashOf } from '../../../links/resolver.js';
import { liveStreams, streamHead } from '../../../live/streams.js';
import { errorResponses } from '../../error-responses.js';
import type { PublicRoutesOptions } from '../../public-routes-options.js';

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
  'A session may hold LIVE_STREAMS_PER_SESSION (default 5) and an address LIVE_STREAMS_PER_ADDRESS (default 30) live streams, SSE and WebSocket together:',
  'past either, 429 `rate_limited` with Retry-After and `details.limit` `streams_per_session` or `streams_per_address`.',
].join(' ');

/**
 * What is needed to serve a visitor's stream (SSE or WebSocket), checked in the order that
 * reveals the least: the link (404, 410), its origin and address rules (403), the session (401, 410).
 */
export async function resolveVisitor(options: PublicRoutesOptions, request: FastifyRequest, token: string, session: string | undefined) {
  const link = await lookupLink(options.bus, options.guard, request, token);
  await options.guard.admit(request, link);
  if (session === undefined) {
    throw new AppError('unauthorized', 'a session credential of this link is required', { details: { reason: 'unknown_session' } });
  }
  // The session only (another link's credential is refused there): a stream starts from the live log, not from the stored messages.
  const found = await options.bus.request(
    'sessions.public-session',
    { linkId: link.linkId, credentialHash: credentialHashOf(session) },
    { requestId: request.id },
  );
  if (found.status !== 'active') throw new AppError('gone', 'this session has ended', { details: { reason: 'session_ended' } });
  return { conversationId: found.conversation_id, link };
}

/** A visitor's live events over SSE, resumable with Last-Event-ID (docs/api.md). */
export const publicEventsRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, options) => {
  const streams = liveStreams(app, options.config.sseHeartbeatMs);

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
          ...errorResponses(400, 401, 403, 404, 410, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const { conversationId } = await resolveVisitor(options, request, request.params.token, request.query.session);
      const { live } = options;
      if (!live) throw new AppError('unavailable', 'live events are not served by this deployment', { details: { reason: 'live_events' } });
      // HEAD (Fastify routes it here): the same checks, then the stream's head alone.
      if (request.method === 'HEAD') return streamHead(reply);
      const after = request.headers['last-event-id'] ?? request.query.last_event_id;
      // Refused (429) before the stream starts when the session or the address holds its cap of streams.
      const lease = await options.streamLeases.acquire({ session: conversationId, address: request.ip });
      try {
        // Nothing more will come for an ended session: the client stops at the 410 of its reconnect.
        await streams.serve(reply, { live, key: conversationId, after, endsWith: 'session_ended', lease });
      } catch (error) {
        lease.release();
        throw error;
      }
    },
  );
};
