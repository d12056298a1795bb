import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * The gateway's own Prometheus metrics beside the request histogram: the live connections it
 * holds (what to size replicas and the ingress controller's connection limits by) and the
 * requests its rate limits refused (which limit bites, and when).
 */
export interface GatewayMetrics {
  /** A live connection opened (`sse`: an event stream, `ws`: a widget WebSocket); the returned function, called once, counts its end. */
  connectionOpened(transport: 'sse' | 'ws'): () => void;
  /** A request (or a WebSocket frame) refused by the limit named `limit`. */
  refused(limit: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by buildGateway; absent in the small apps some tests build from single parts. */
    gatewayMetrics?: GatewayMetrics;
  }
}

/** Label values of `limit` are names from the code (`link`, `address`, `management` …), never input: bounded, and no address leaks. */
const LIMIT_NAME = /^[a-z][a-z_]{0,31}$/;

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const connections = new Gauge({
    name: 'parley_live_connections',
    help: 'Open live connections on this gateway: SSE event streams and widget WebSockets',
    labelNames: ['transport'],
    registers: [registry],
  });
  // Both series exist from the start: a dashboard shows 0, not "no data", before the first client.
  for (const transport of ['sse', 'ws']) connections.set({ transport }, 0);
  const refusals = new Counter({
    name: 'parley_rate_limit_refusals_total',
    help: 'Requests and WebSocket messages refused by a rate limit, by the limit that refused them',
    labelNames: ['limit'],
    registers: [registry],
  });
  return {
    connectionOpened(transport) {
      connections.inc({ transport });
      let open = true;
      return () => {
        if (!open) return;
        open = false;
        connections.dec({ transport });
      };
    },
    refused(limit) {
      refusals.inc({ limit: LIMIT_NAME.test(limit) ? limit : 'other' });
    },
  };
}

/** The limit an error names in `details.limit` (the link guard's, the verification sends'); undefined: none. */
export function limitOf(details: unknown): string | undefined {
  const limit = typeof details === 'object' && details !== null ? (details as { limit?: unknown }).limit : undefined;
  return typeof limit === 'string' ? limit : undefined;
}
