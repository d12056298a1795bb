import type { FastifyInstance } from 'fastify';

/** Routes load balancers and probes poll: at debug, so they do not drown the requests people make. */
const PROBE_ROUTES = new Set(['/healthz']);

/**
 * The access log (ACCESS_LOG): one info line per request once its answer is sent, in place of
 * Fastify's own "incoming request" and "request completed" lines (off in app.ts). It names the
 * method, the route's pattern – never the path, which carries link tokens (`/c/:token`), nor the
 * query string –, the status and the duration in ms; the request id is the line's `reqId`, as on
 * every line written while serving the request. No header or body is ever part of it.
 */
export function installAccessLog(app: FastifyInstance, enabled: boolean): void {
  if (!enabled) return;
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const line = { method: request.method, route, status: reply.statusCode, durationMs: Math.round(reply.elapsedTime) };
    if (PROBE_ROUTES.has(route)) request.log.debug(line, 'request completed');
    else request.log.info(line, 'request completed');
  });
}
