import type { PlatformBus } from '@parley/bus';
import { createMemberBody, member, memberList, updateMemberBody } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertRole, tenantOf } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { errorResponses } from '../../error-responses.js';

const memberParams = z.object({ member_id: z.string().min(1).max(100) });

/**
 * A tenant's members, the people who sign in to the console (docs/management-api.md, "Members"): each with a
 * role, never above the caller's own. Removing a member or changing their role ends or changes
 * their console sessions on every gateway at once. Owners (and the admin key) only.
 */
export const membersRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);

  app.post(
    '/api/members',
    {
      config: {
        auth: 'management',
        role: 'owner',
        // A member by id, name and role: their email is personal data, kept out of the log.
        audit: { action: 'member.create', kind: 'member', id: (_p, a) => a?.member_id, details: (_p, a) => ({ name: a?.name, role: a?.role }) },
      },
      schema: {
        tags: ['Team'],
        summary: 'Add a person to this tenant with a role (never above your own); they sign in to the console with SSO by this email',
        body: createMemberBody,
        response: { 201: member, ...errorResponses(400, 401, 403, 404, 409, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const { email, name, role } = request.body;
      assertRole(request.principal!, role);
      return reply.status(201).send(await bus.request('links.members.create', { tenantId, email, name, role }, { requestId: request.id }));
    },
  );

  app.get(
    '/api/members',
    {
      config: { auth: 'management', role: 'owner' },
      schema: {
        tags: ['Team'],
        summary: "This tenant's members, oldest first",
        response: { 200: memberList, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => bus.request('links.members.list', { tenantId: tenantOf(request) }, { requestId: request.id }),
  );

  app.put(
    '/api/members/:member_id',
    {
      config: {
        auth: 'management',
        role: 'owner',
        audit: {
          action: 'member.update',
          kind: 'member',
          id: (p) => p.member_id,
          details: (_p, a, b) => ({ changed: Object.keys(b ?? {}), name: a?.name, role: a?.role }),
        },
      },
      schema: {
        tags: ['Team'],
        summary: "Change a member's role (never above your own) or name; their console sessions see it at once",
        params: memberParams,
        body: updateMemberBody,
        response: { 200: member, ...errorResponses(400, 401, 403, 404, 413, 429, 503) },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      const { role, name } = request.body;
      if (role !== undefined) assertRole(request.principal!, role);
      return bus.request(
        'links.members.update',
        { tenantId, memberId: request.params.member_id, ...(role === undefined ? {} : { role }), ...(name === undefined ? {} : { name }) },
        { requestId: request.id },
      );
    },
  );

  app.delete(
    '/api/members/:member_id',
    {
      config: { auth: 'management', role: 'owner', audit: { action: 'member.delete', kind: 'member', id: (p) => p.member_id, details: () => ({}) } },
      schema: {
        tags: ['Team'],
        summary: 'Remove a member: their console sessions end on every gateway at once',
        params: memberParams,
        response: { 204: z.null().describe('Removed'), ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      await bus.request('links.members.delete', { tenantId: tenantOf(request), memberId: request.params.member_id }, { requestId: request.id });
      return reply.status(204).send(null);
    },
  );
};
