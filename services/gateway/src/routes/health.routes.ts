import type { FastifyPluginAsync, FastifyPluginOptions } from 'fastify';

/**
 * /healthz only: the process answers. /readyz and /metrics are on the internal HEALTH_PORT
 * (startHealthServer in main.ts), so dependency details and metrics never face the internet.
 */
export const healthRoutes: FastifyPluginAsync<FastifyPluginOptions> = async (app) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
};
