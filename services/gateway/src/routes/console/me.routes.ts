import { type MeResponse, meResponse } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Principal } from '../../auth/management-auth.js';
import { limitManagement } from '../../limits/route-limits.js';
import { errorResponses } from '../error-responses.js';

/** How /api/me names the platform admin key, which has no id or name of its own. */
export const ADMIN_ACTOR_NAME = 'Platform admin';

/** Who the caller is, as /api/me tells it; `csrfToken`: the console session's, for a member. */
export function describePrincipal(principal: Principal, csrfToken: string | null): MeResponse {
  switch (principal.kind) {
    case 'admin':
      return {
        actor: { kind: 'admin', id: null, name: ADMIN_ACTOR_NAME },
        role: principal.role,
        tenant_id: principal.tenantId ?? null,
        email: null,
        csrf_token: null,
      };
    case 'tenant':
      return {
        actor: { kind: 'key', id: principal.keyId, name: principal.keyName },
        role: principal.role,
        tenant_id: principal.tenantId,
        email: null,
        csrf_token: null,
      };
    case 'member':
      return {
        actor: { kind: 'member', id: principal.memberId, name: principal.memberName },
        role: principal.role,
        tenant_id: principal.tenantId,
        email: principal.email,
        csrf_token: csrfToken,
      };
  }
}

/**
 * `GET /api/me` (docs/management-api.md, "Who am I"): the caller's kind, id, name, role and tenant, so a
 * console shows who is signed in and offers only what the role allows; a console session also
 * learns its CSRF token here.
 */
export const meRoutes: FastifyPluginAsyncZod<{ rateLimit: { max: number } }> = async (app, { rateLimit }) => {
  limitManagement(app, rateLimit.max);
  app.get(
    '/api/me',
    {
      // Who is calling: any caller may ask.
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Team'],
        summary: 'Who is calling: the admin key, a tenant key or a signed-in member, with role and tenant',
        response: { 200: meResponse, ...errorResponses(400, 401, 404, 429, 503) },
      },
    },
    async (request) => describePrincipal(request.principal!, request.csrfToken ?? null),
  );
};
