import { checkReadiness, type ReadinessChecks } from '@parley/service';
import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';

/** /healthz: the process answers. /readyz: its dependencies answer too. /metrics: Prometheus. */
export const healthRoutes: FastifyPluginAsync<{ registry: Registry; checks: ReadinessChecks }> = async (app, { registry, checks }) => {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const result = await checkReadiness(checks);
    return reply.status(result.ready ? 200 : 503).send({ status: result.ready ? 'ready' : 'unavailable', checks: result.checks });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
};
