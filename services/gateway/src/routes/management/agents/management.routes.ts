import type { PlatformBus } from '@parley/bus';
import {
  agentToolList,
  AppError,
  activatedVersion,
  agentDetail,
  agentList,
  agentSummary,
  agentVersionDetail,
  createAgentBody,
  createKeyBody,
  createTenantBody,
  createVersionBody,
  setActiveVersionBody,
  tenantKeyResponse,
  tenantList,
  tenantResponse,
  updateTenantBody,
  versionParams,
  versionResponse,
} from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertRole, type Principal, requireTenant } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { errorResponses } from '../../error-responses.js';

const errors = errorResponses(400, 401, 403, 404, 409, 413, 429, 503);
const agentParams = z.object({ name: z.string().min(1).max(100) });

function principalOf(request: { principal: Principal | undefined }): Principal {
  if (!request.principal) throw new AppError('unauthorized', 'Authorization: Bearer <key> is required');
  return request.principal;
}

/**
 * Management API (docs/api.md): tenants and their keys (platform admin), agents and versions
 * (scoped to one tenant: another tenant's agent answers 404, never its data).
 */
export const managementRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number; timeWindow: number } }> = async (
  app,
  { bus, rateLimit },
) => {
  limitManagement(app, rateLimit.max);

  app.post(
    '/api/tenants',
    {
      config: { auth: 'management', role: 'owner', audit: { action: 'tenant.create', kind: 'tenant', id: (_p, a) => a?.id, tenant: (_p, a) => a?.id } },
      schema: { tags: ['Management'], summary: 'Create a tenant (admin key)', body: createTenantBody, response: { 201: tenantResponse, ...errors } },
    },
    async (request, reply) => {
      if (principalOf(request).kind !== 'admin') throw new AppError('forbidden', 'only the platform admin key creates tenants');
      const { name, operator_email } = request.body;
      return reply
        .status(201)
        .send(
          await bus.request(
            'links.tenants.create',
            { name, ...(operator_email === undefined ? {} : { operatorEmail: operator_email }) },
            { requestId: request.id },
          ),
        );
    },
  );

  app.put(
    '/api/tenants/:id',
    {
      config: { auth: 'management', role: 'owner', audit: { action: 'tenant.update', kind: 'tenant', id: (p) => p.id, tenant: (p) => p.id } },
      schema: {
        tags: ['Management'],
        summary:
          'Rename a tenant, set its operator email (told when an escalation waits with nobody there) or, with the admin key only, its daily LLM token budget `tokens_per_day` (null removes it); a tenant key changes only its own',
        params: z.object({ id: z.uuid() }),
        body: updateTenantBody,
        response: { 200: tenantResponse, ...errors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const tenantId = request.params.id.toLowerCase();
      if (principal.kind !== 'admin' && principal.tenantId !== tenantId) throw new AppError('not_found', 'tenant not found');
      const { name, operator_email, tokens_per_day } = request.body;
      // The tenant's budget is the platform's ceiling on what its conversations cost: its own keys may not raise it (docs/management-api.md "Cost guards").
      if (tokens_per_day !== undefined && principal.kind !== 'admin') {
        throw new AppError('forbidden', 'only the platform admin key sets a tenant’s tokens_per_day', { details: { reason: 'admin_only' } });
      }
      return bus.request(
        'links.tenants.update',
        {
          tenantId,
          ...(name === undefined ? {} : { name }),
          ...(operator_email === undefined ? {} : { operatorEmail: operator_email }),
          ...(tokens_per_day === undefined ? {} : { tokensPerDay: tokens_per_day }),
        },
        { requestId: request.id },
      );
    },
  );

  app.get(
    '/api/tenants',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Management'],
        summary: 'The tenants this key acts on: every tenant for the admin key (oldest first, at most 1,000), its own for a tenant key',
        response: { 200: tenantList, ...errors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (principal.kind !== 'admin')
        return { scope: 'tenant' as const, ...(await bus.request('links.tenants.list', { tenantId: principal.tenantId }, { requestId: request.id })) };
      return { scope: 'platform' as const, ...(await bus.request('links.tenants.list', {}, { requestId: request.id })) };
    },
  );

  app.post(
    '/api/tenants/:id/keys',
    {
      config: {
        auth: 'management',
        role: 'owner',
        audit: { action: 'key.create', kind: 'key', id: (_p, a) => a?.key_id, tenant: (p) => p.id, details: (_p, a) => ({ name: a?.name, role: a?.role }) },
      },
      schema: {
        tags: ['Management'],
        summary:
          'Create a tenant API key (shown once); `name` is who answers with it in the inbox, as visitors see it (default "Support"); `role` what it may do (default owner)',
        params: z.object({ id: z.uuid() }),
        // No body at all, `null` or `{}`: a key named "Support".
        body: createKeyBody.nullish(),
        response: { 201: tenantKeyResponse, ...errors },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const tenantId = request.params.id.toLowerCase();
      if (principal.kind !== 'admin' && principal.tenantId !== tenantId) throw new AppError('not_found', 'tenant not found');
      const name = request.body?.name;
      // An owner key by default (docs/management-api.md, "Roles"); a caller never makes a key above its own role.
      const role = request.body?.role ?? 'owner';
      assertRole(principal, role);
      return reply.status(201).send(await bus.request('links.tenants.create-key', { tenantId, role, ...(name ? { name } : {}) }, { requestId: request.id }));
    },
  );

  app.post(
    '/api/agents',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: { action: 'agent.create', kind: 'agent', id: (_p, a) => a?.name, details: (_p, a) => ({ agent_id: a?.id, version: 1 }) },
      },
      schema: {
        tags: ['Management'],
        summary: 'Create an agent with its first config version',
        body: createAgentBody,
        response: { 201: agentSummary, ...errors },
      },
    },
    async (request, reply) => {
      const tenantId = requireTenant(principalOf(request));
      const created = await bus.request('links.agents.create', { tenantId, name: request.body.name, config: request.body.config }, { requestId: request.id });
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/agents',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: { tags: ['Management'], summary: "List the tenant's agents", response: { 200: agentList, ...errors } },
    },
    async (request) => bus.request('links.agents.list', { tenantId: requireTenant(principalOf(request)) }, { requestId: request.id }),
  );

  app.get(
    '/api/agents/:name',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Management'],
        summary: 'An agent: config of the active version and its versions',
        params: agentParams,
        response: { 200: agentDetail, ...errors },
      },
    },
    async (request) => bus.request('links.agents.get', { tenantId: requireTenant(principalOf(request)), name: request.params.name }, { requestId: request.id }),
  );

  app.post(
    '/api/agents/:name/versions',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: { action: 'agent.version.create', kind: 'agent', id: (p) => p.name, details: (_p, a) => ({ version: a?.version, state: a?.state }) },
      },
      schema: {
        tags: ['Management'],
        summary: 'Save a new config version, as a draft',
        params: agentParams,
        body: createVersionBody,
        response: { 201: versionResponse, ...errors },
      },
    },
    async (request, reply) => {
      const tenantId = requireTenant(principalOf(request));
      const created = await bus.request(
        'links.agents.create-version',
        { tenantId, name: request.params.name, config: request.body.config },
        { requestId: request.id },
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/agents/:name/versions/:version',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Management'],
        summary: 'One version of an agent with its config, a draft included',
        params: versionParams,
        response: { 200: agentVersionDetail, ...errors },
      },
    },
    async (request) =>
      bus.request(
        'links.agents.get-version',
        { tenantId: requireTenant(principalOf(request)), name: request.params.name, version: request.params.version },
        { requestId: request.id },
      ),
  );

  app.get(
    '/api/agents/:name/versions/:version/tools',
    {
      // Editors: listing asks the agent's MCP servers live, with the tenant's secrets.
      config: { auth: 'management', role: 'editor' },
      schema: {
        tags: ['Management'],
        summary:
          "What an agent version can call: its http tools, and each MCP server's allowed tools as the server lists them now (a server that does not answer: its name and why)",
        params: versionParams,
        response: { 200: agentToolList, ...errors },
      },
    },
    async (request) => {
      const tenantId = requireTenant(principalOf(request));
      const { name, version } = request.params;
      // The version must exist (404 otherwise); the agent's id is what the runner asks by.
      const [agent] = await Promise.all([
        bus.request('links.agents.get', { tenantId, name }, { requestId: request.id }),
        bus.request('links.agents.get-version', { tenantId, name, version }, { requestId: request.id }),
      ]);
      return bus.request('runner.tools', { tenantId, agentId: agent.id, version }, { requestId: request.id });
    },
  );

  app.put(
    '/api/agents/:name/active-version',
    {
      config: {
        auth: 'management',
        role: 'editor',
        // `published`: this activation published a draft (a version made active again was published before).
        audit: {
          action: 'agent.version.activate',
          kind: 'agent',
          id: (p) => p.name,
          details: (_p, a) => ({ active_version: a?.active_version, published: a?.published }),
        },
      },
      schema: {
        tags: ['Management'],
        summary: 'Publish a version and make it the one new sessions use',
        params: agentParams,
        body: setActiveVersionBody,
        response: { 200: activatedVersion, ...errors },
      },
    },
    async (request) =>
      bus.request(
        'links.agents.set-active-version',
        { tenantId: requireTenant(principalOf(request)), name: request.params.name, version: request.body.version },
        { requestId: request.id },
      ),
  );
};
