import type { PlatformBus } from '@parley/bus';
import {
  createTenantSecretBody,
  MAX_TENANT_SECRETS,
  tenantSecretCreated,
  tenantSecretList,
  tenantSecretName,
  tenantSecretSummary,
  updateTenantSecretBody,
} from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../auth/management-auth.js';
import { limitManagement } from '../../limits/route-limits.js';
import { errorResponses } from '../error-responses.js';

const secretParams = z.object({ name: tenantSecretName });

/**
 * The audit entry of a secret: its name only. Never the body's own details (the sanitised body
 * would keep `value`): a value is never recorded.
 */
const noDetails = () => ({});

/**
 * A tenant's secrets for its agents' tools (docs/management-api.md, "Tenant secrets"): a tool's URL,
 * headers and body name one as `{{secrets.NAME}}`. An owner sets, changes and deletes them; an
 * editor, who writes the configs that name them, lists their names and dates. A value is never
 * answered, logged or audited.
 */
export const tenantSecretsRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);

  app.post(
    '/api/secrets',
    {
      config: {
        auth: 'management',
        role: 'owner',
        audit: { action: 'secret.create', kind: 'secret', id: (_p, a) => a?.name, details: noDetails },
      },
      schema: {
        tags: ['Team'],
        summary: `Create a secret for agents' tools (\`{{secrets.NAME}}\`; at most ${MAX_TENANT_SECRETS} a tenant): the value is kept sealed and never shown again`,
        body: createTenantSecretBody,
        response: { 201: tenantSecretCreated, ...errorResponses(400, 401, 403, 404, 409, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const created = await bus.request('links.tenant-secrets.create', { tenantId: tenantOf(request), ...request.body }, { requestId: request.id });
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/secrets',
    {
      config: { auth: 'management', role: 'editor' },
      schema: {
        tags: ['Team'],
        summary: "This tenant's secrets for agents' tools, by name: names and dates, never a value",
        response: { 200: tenantSecretList, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => bus.request('links.tenant-secrets.list', { tenantId: tenantOf(request) }, { requestId: request.id }),
  );

  app.put(
    '/api/secrets/:name',
    {
      config: { auth: 'management', role: 'owner', audit: { action: 'secret.update', kind: 'secret', id: (p) => p.name, details: noDetails } },
      schema: {
        tags: ['Team'],
        summary: "Change a secret's value: values are read at every tool call, so the next call uses the new one",
        params: secretParams,
        body: updateTenantSecretBody,
        response: { 200: tenantSecretSummary, ...errorResponses(400, 401, 403, 404, 413, 429, 503) },
      },
    },
    async (request) =>
      bus.request(
        'links.tenant-secrets.update',
        { tenantId: tenantOf(request), name: request.params.name, value: request.body.value },
        { requestId: request.id },
      ),
  );

  app.delete(
    '/api/secrets/:name',
    {
      config: { auth: 'management', role: 'owner', audit: { action: 'secret.delete', kind: 'secret', id: (p) => p.name, details: noDetails } },
      schema: {
        tags: ['Team'],
        summary: 'Delete a secret of this tenant: 204 with no body',
        params: secretParams,
        response: { 204: z.null().describe('Deleted'), ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      await bus.request('links.tenant-secrets.delete', { tenantId: tenantOf(request), name: request.params.name }, { requestId: request.id });
      return reply.status(204).send(null);
    },
  );
};
