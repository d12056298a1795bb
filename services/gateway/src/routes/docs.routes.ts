import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { docsPage } from './docs.page.js';

/** OpenAPI 3.1 generated from the same zod schemas that validate requests. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Parley API',
        version: '1',
        description:
          'Errors, from every route: `{"error": {"code", "message", "details"?}}`. Text Chat API requests are signed: ' +
          'X-Signature = hex HMAC-SHA256(secret, X-Timestamp + METHOD + path + hex SHA-256 of the raw body).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Platform admin key (with X-Tenant-Id) or a tenant key' },
          hmac: { type: 'apiKey', in: 'header', name: 'X-Signature', description: 'With X-Timestamp (Unix seconds, ±300 s); each signature is accepted once' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
}

export const docsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/docs', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsPage));
};
