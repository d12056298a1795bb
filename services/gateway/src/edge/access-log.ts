import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Routes load balancers and probes poll: at debug, so they do not drown the requests people make. */
const PROBE_ROUTES = new Set(['/healthz']);

function logAccess(request: FastifyRequest, status: number, elapsedMs: number): void {
  const route = request.routeOptions.url ?? 'unmatched';
  const line = { method: request.method, route, status, durationMs: Math.round(elapsedMs) };
  if (PROBE_ROUTES.has(route)) request.log.debug(line, 'request completed');
  else request.log.info(line, 'request completed');
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Writes the access line of a request whose answer does not end as a response does (an event
     * stream, when it opens); absent while ACCESS_LOG is off, and in apps some tests build from parts.
     */
    accessLog?: (request: FastifyRequest, status: number, elapsedMs: number) => void;
  }
}

/**
 * The access log (ACCESS_LOG): one info line per request once its answer is sent, in place of
 * Fastify's own "incoming request" and "request completed" lines (off in app.ts). It names the
 * method, the route's pattern – never the path, which carries link tokens (`/c/:token`), nor the
 * query string –, the status and the duration in ms; the request id is the line's `reqId`, as on
 * every line written while serving the request. No header or body is ever part of it.
 *
 * Answers that stay open are logged when they open: an event stream (live/streams.ts lets go of
 * Fastify's bookkeeping, so no onResponse comes) through `app.accessLog`, a WebSocket accepted
 * with status 101 (its upgrade never "finishes" as a response does). One refused is answered
 * over HTTP and logged as any request.
 */
export function installAccessLog(app: FastifyInstance, enabled: boolean): void {
  if (!enabled) return;
  app.decorate('accessLog', logAccess);
  app.addHook('onResponse', async (request, reply) => logAccess(request, reply.statusCode, reply.elapsedTime));

  const upgrades = new WeakMap<IncomingMessage, { request: FastifyRequest; reply: FastifyReply }>();
  app.addHook('onRequest', async (request, reply) => {
    if ((request.raw as IncomingMessage & { upgrade?: boolean }).upgrade === true) upgrades.set(request.raw, { request, reply });
  });
  app.addHook('onReady', async () => {
    app.websocketServer?.on('connection', (_socket: unknown, raw: IncomingMessage) => {
      const upgrade = upgrades.get(raw);
      if (upgrade) logAccess(upgrade.request, 101, upgrade.reply.elapsedTime);
    });
  });
}
