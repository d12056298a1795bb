import type { PlatformBus } from '@parley/bus';
import { AppError, apiKeyCreated, apiKeyList, createApiKeyBody } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertRole, tenantOf } from '../../auth/management-auth.js';
import { limitManagement } from '../../limits/route-limits.js';
import { errorResponses } from '../error-responses.js';

/**
 * A tenant's own API keys (docs/management-api.md, "API keys"): made with a role and an optional expiry,
 * listed without the key, revoked at once on every gateway. Owner keys (and the admin key) only.
 */
export const keysRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);

  app.post(
    '/api/keys',
    {
      config: {
        auth: 'management',
        role: 'owner',
        audit: {
          action: 'key.create',
          kind: 'key',
          id: (_p, a) => a?.key_id,
          details: (_p, a) => ({ name: a?.name, role: a?.role, expires_at: a?.expires_at }),
        },
      },
      schema: {
        tags: ['Team'],
        summary: 'Create a key of this tenant with a role (never above your own) and an optional expiry; the key is shown once',
        body: createApiKeyBody,
        response: { 201: apiKeyCreated, ...errorResponses(400, 401, 403, 404, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const { name, role, expires_at } = request.body;
      assertRole(request.principal!, role);
      if (expires_at !== undefined && Date.parse(expires_at) <= Date.now()) {
        throw new AppError('invalid', 'expires_at must be in the future', { details: [{ path: 'body.expires_at', message: 'in the past' }] });
      }
      const created = await bus.request(
        'links.tenants.create-key',
        { tenantId, name, role, ...(expires_at === undefined ? {} : { expiresAt: expires_at }) },
        { requestId: request.id },
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/keys',
    {
      config: { auth: 'management', role: 'owner' },
      schema: {
        tags: ['Team'],
        summary: "This tenant's keys, revoked and expired ones too, oldest first: never the key itself",
        response: { 200: apiKeyList, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => bus.request('links.tenants.list-keys', { tenantId: tenantOf(request) }, { requestId: request.id }),
  );

  app.delete(
    '/api/keys/:key_id',
    {
      config: { auth: 'management', role: 'owner', audit: { action: 'key.revoke', kind: 'key', id: (p) => p.key_id, details: () => ({}) } },
      schema: {
        tags: ['Team'],
        summary: 'Revoke a key: every gateway refuses it (401) within a second',
        params: z.object({ key_id: z.string().min(1).max(100) }),
        response: { 204: z.null().describe('Revoked'), ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      await bus.request('links.tenants.revoke-key', { tenantId: tenantOf(request), keyId: request.params.key_id }, { requestId: request.id });
      return reply.status(204).send(null);
    },
  );
};
