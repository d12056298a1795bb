import { AppError, invalidFromZod, isDependencyDown, messageContent, type SocketError, socketClientFrame, type VisitorContext } from '@parley/contracts';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { duplicateKeyPath } from '../../../edge/json-keys.js';
import { nextRequestId } from '../../../edge/request-id.js';
import { assertStorableJson, unstorableReason } from '../../../edge/storable-text.js';
import type { VisitorRequest } from '../../../limits/link-guard.js';
import { lookupLink } from '../../../links/lookup.js';
import { credentialHashOf } from '../../../links/resolver.js';
import { liveSockets, type ServerSocket } from '../../../live/sockets.js';
import type { StreamLease } from '../../../live/stream-leases.js';
import { sendVisitorMessage } from '../../../messages/visitor-message.js';
import { errorResponses } from '../../error-responses.js';
import type { PublicRoutesOptions } from '../../public-routes-options.js';
import { resolveVisitor } from './public-events.routes.js';

const params = z.object({ token: z.string().meta({ description: 'The link token from the `/c/{token}` URL' }) });
const query = z.object({
  session: z.string().max(64).optional().meta({ description: 'The session credential (`pcs_…`) from a chat reply' }),
  last_event_id: z.string().max(64).optional().meta({ description: 'Resume after this event id (the `id` of the last event received)' }),
});

/** Messages a socket may have waiting for their turn; more are refused until the first are answered. */
const MAX_WAITING = 8;
/** A visitor's typing is passed on at most this often per socket; the rest are dropped silently. */
const TYPING_EVERY_MS = 1_000;

const socketDescription = [
  'Upgrades to a WebSocket (send `Connection: Upgrade`, `Upgrade: websocket`; without them: 400 `upgrade_required` once the link and session are accepted).',
  'Server → client: `{"id", "event", "data"}` – the events of the SSE stream with the same ids (`reset` carries no id); `last_event_id` resumes after one without loss or duplicate.',
  'Client → server: `{"type": "message", "content", "client_id", "attachments"?, "context"?}` – sent like a public chat POST (same limits, quotas and escalation rules) – answered `{"type": "ack", "client_id", "message_id"}` (with `offer_person` and `budget_exhausted` as a chat reply has them)',
  'after the events the message caused, or `{"type": "error", "client_id", "error": {code, message, details?}}`; `{"type": "typing"}`.',
  'Pings every WS_PING_SECONDS (default 20); a client silent for WS_IDLE_SECONDS (default 30) is dropped.',
  'Close codes: 1000 after `session_ended`, 1001 when the gateway shuts down, 1013 when live events are unavailable; refusals before the upgrade are HTTP errors.',
  'A socket counts with the SSE streams under LIVE_STREAMS_PER_SESSION and LIVE_STREAMS_PER_ADDRESS: past either, 429 `rate_limited` before the upgrade (`details.limit` `streams_per_session` or `streams_per_address`).',
].join(' ');

/** What the upgrade request settled, kept for the socket's life instead of the request itself. */
interface Visitor {
  token: string;
  credentialHash: string;
  conversationId: string;
  /** The link's owner, for the security events of refusals decided by the sessions service. */
  subject: { tenantId: string; linkId: string };
  ip: string;
  origin: string | undefined;
  after: string | undefined;
  /** The socket's slot under the live-stream caps, freed when it closes. */
  lease: StreamLease;
}

/** A refusal as an error frame: the platform's codes; a rate limit says when to retry in `details`. */
function errorFrame(clientId: string | null, error: AppError): SocketError {
  const retry = error.retryAfterSeconds === undefined ? undefined : { retry_after_seconds: error.retryAfterSeconds };
  const details =
    retry && (error.details === undefined || typeof error.details === 'object') ? { ...(error.details as object | undefined), ...retry } : error.details;
  return { type: 'error', client_id: clientId, error: { code: error.code, message: error.message, ...(details === undefined ? {} : { details }) } };
}

/** Any failure as an AppError; one that is not expected is logged with its stack and answered as a bare `internal`. */
function asAppError(error: unknown, log: FastifyBaseLogger): AppError {
  if (error instanceof AppError) return error;
  if (isDependencyDown(error)) return new AppError('unavailable', 'a dependency is unavailable; retry', { details: { reason: 'dependency' } });
  log.error({ err: error }, 'unhandled error on a websocket');
  return new AppError('internal', 'internal error');
}

/** The client id of a frame, when it has a usable one: what an error about the frame echoes. */
function clientIdOf(frame: unknown): string | null {
  const id = (frame as { client_id?: unknown } | null)?.client_id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : null;
}

function textOf(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');
}

/** The visitor's WebSocket (docs/api.md, "The widget's WebSocket"): live events one way, messages and typing the other. */
export const publicSocketRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, options) => {
  const { bus, guard } = options;
  const sockets = liveSockets(app, options.config.webSocket);
  const visitors = new WeakMap<FastifyRequest, Visitor>();
  const log = app.log;

  /** A frame is judged on what the upgrade request carried, under a request id of its own. */
  const frameRequest = (visitor: Visitor): VisitorRequest => ({ ip: visitor.ip, id: nextRequestId(), headers: { origin: visitor.origin } });

  /** The link as it is now (a change or an expiry applies to an open socket), admitted again. */
  const currentLink = async (visitor: Visitor, request: VisitorRequest) => {
    const link = await lookupLink(bus, guard, request, visitor.token);
    await guard.admit(request, link);
    return link;
  };

  const serve = (socket: ServerSocket, request: FastifyRequest) => {
    const visitor = visitors.get(request);
    const live = options.live;
    if (!visitor || !live) {
      socket.terminate();
      return;
    }
    visitors.delete(request);
    socket.on('close', visitor.lease.release);
    const waiting: Array<{ clientId: string; content: string; attachments: string[] | undefined; context: VisitorContext | undefined }> = [];
    let busy = false;
    let typedAt = 0;

    const answerWaiting = async () => {
      if (busy) return;
      busy = true;
      try {
        for (let item = waiting.shift(); item !== undefined && !connection.ending; item = waiting.shift()) {
          try {
            const frame = frameRequest(visitor);
            const link = await currentLink(visitor, frame);
            // The client_id is the message's idempotency key: a resend after a reconnect, to any replica, gets the same ack.
            const sent = await sendVisitorMessage({ bus, guard }, frame, link, {
              content: item.content,
              credentialHash: visitor.credentialHash,
              idempotencyKey: item.clientId,
              attachments: item.attachments,
              context: item.context,
            });
            // The ack follows the events the message caused: its own `message`, the reply, the status.
            await connection.catchUp();
            connection.send({
              type: 'ack',
              client_id: item.clientId,
              message_id: sent.message_id,
              ...(sent.offer_person ? { offer_person: true } : {}),
              ...(sent.budget_exhausted ? { budget_exhausted: true } : {}),
            });
          } catch (error) {
            const refusal = asAppError(error, log);
            if (refusal.code === 'quota_exceeded') guard.recordRefusal('quota_exceeded', visitor.subject);
            connection.send(errorFrame(item.clientId, refusal));
          }
        }
      } finally {
        busy = false;
      }
      if (connection.ending) {
        // The session ended (maybe by the message just answered), or the gateway is going away: what still waited is not sent.
        const refusal = connection.goingAway
          ? new AppError('unavailable', 'this gateway is shutting down; send it again', { details: { reason: 'shutting_down' } })
          : new AppError('gone', 'this session has ended', { details: { reason: 'session_ended' } });
        for (const item of waiting.splice(0)) connection.send(errorFrame(item.clientId, refusal));
        connection.close();
      }
    };

    const typing = async () => {
      const now = Date.now();
      if (now - typedAt < TYPING_EVERY_MS) return;
      typedAt = now;
      try {
        const frame = frameRequest(visitor);
        const link = await currentLink(visitor, frame);
        await bus.request('sessions.visitor-typing', { linkId: link.linkId, credentialHash: visitor.credentialHash }, { requestId: frame.id });
      } catch (error) {
        connection.send(errorFrame(null, asAppError(error, log)));
      }
    };

    const onFrame = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (isBinary) return connection.send(errorFrame(null, new AppError('invalid', 'frames are JSON text, not binary')));
      let parsed: unknown;
      const text = textOf(data);
      try {
        parsed = JSON.parse(text);
      } catch {
        return connection.send(
          errorFrame(null, new AppError('invalid', 'the frame is not valid JSON', { details: [{ path: 'frame', message: 'malformed JSON' }] })),
        );
      }
      // As with request bodies: a key twice is refused, whichever of the two a reader would keep.
      const duplicate = duplicateKeyPath(text, 'frame');
      if (duplicate !== undefined) {
        return connection.send(
          errorFrame(
            clientIdOf(parsed),
            new AppError('invalid', `${duplicate}: the key appears twice`, { details: [{ path: duplicate, message: 'duplicate key' }] }),
          ),
        );
      }
      const frame = socketClientFrame.safeParse(parsed);
      if (!frame.success) return connection.send(errorFrame(clientIdOf(parsed), invalidFromZod(frame.error)));
      if (frame.data.type === 'typing') return void typing();
      const clientId = frame.data.client_id;
      const content = messageContent.safeParse(frame.data.content);
      if (!content.success) return connection.send(errorFrame(clientId, invalidFromZod(content.error, 'content')));
      const unstorable = unstorableReason(content.data);
      if (unstorable)
        return connection.send(
          errorFrame(clientId, new AppError('invalid', `content: ${unstorable}`, { details: [{ path: 'content', message: unstorable }] })),
        );
      // The page's context goes into the collected data as it is: what PostgreSQL cannot hold is refused here, as in a POST body.
      const { context } = frame.data;
      try {
        if (context !== undefined) assertStorableJson(context, 'context');
      } catch (error) {
        return connection.send(errorFrame(clientId, asAppError(error, log)));
      }
      if (waiting.length >= MAX_WAITING) {
        return connection.send(
          errorFrame(
            clientId,
            new AppError('rate_limited', `at most ${MAX_WAITING} messages may wait on one socket`, { retryAfterSeconds: 1, details: { limit: 'socket' } }),
          ),
        );
      }
      waiting.push({ clientId, content: content.data, attachments: frame.data.attachments, context });
      void answerWaiting();
    };

    const connection = sockets.serve(
      socket,
      request,
      { live, key: visitor.conversationId, after: visitor.after, endsWith: 'session_ended', log },
      onFrame,
      () => busy,
    );
  };

  app.route({
    method: 'GET',
    url: '/api/public/ws/:token',
    config: { auth: 'none' },
    // HEAD cannot upgrade: it answers what a GET without Upgrade does (400 upgrade_required once the link and session are accepted).
    schema: {
      tags: ['Public chat'],
      summary: "A visitor's WebSocket: the live events of the SSE stream, and messages (acknowledged with their stored id) and typing the other way",
      description: socketDescription,
      params,
      querystring: query,
      response: {
        101: z.null().describe('Switching Protocols: the connection is a WebSocket from here on'),
        ...errorResponses(400, 401, 403, 404, 410, 429, 503),
      },
    },
    // Every refusal is an HTTP answer before the upgrade: the link, its rules, the session.
    preHandler: async (request) => {
      const { token } = request.params;
      const { conversationId, link } = await resolveVisitor(options, request, token, request.query.session);
      if (!options.live) throw new AppError('unavailable', 'live events are not served by this deployment', { details: { reason: 'live_events' } });
      if (!request.ws)
        throw new AppError('invalid', 'this route upgrades to a WebSocket: send Connection: Upgrade and Upgrade: websocket', {
          details: { reason: 'upgrade_required' },
        });
      // Refused (429) before the upgrade when the session or the address holds its cap of streams.
      const lease = await options.streamLeases.acquire({ session: conversationId, address: request.ip });
      // Freed with the connection too, should the upgrade never reach the socket's handler.
      request.raw.socket.once('close', lease.release);
      visitors.set(request, {
        lease,
        token,
        credentialHash: credentialHashOf(request.query.session as string),
        conversationId,
        subject: { tenantId: link.tenantId, linkId: link.linkId },
        ip: request.ip,
        origin: request.headers.origin,
        after: request.query.last_event_id,
      });
    },
    handler: async () => {
      // Reached only by an upgrade that the preHandler let through, which the plugin hands to wsHandler.
      throw new AppError('invalid', 'this route upgrades to a WebSocket', { details: { reason: 'upgrade_required' } });
    },
    wsHandler: serve,
  });
};
