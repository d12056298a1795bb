import type { PlatformBus } from '@parley/bus';
import { AppError, auditList, auditQuery, auditVerification } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Principal } from '../management-auth.js';
import { limitManagement } from '../security.js';
import { errorResponses } from './error-responses.js';

/** A tenant key reads its own tenant's entries; the admin key all of them, or one tenant's with X-Tenant-Id. */
function scopeOf(principal: Principal | undefined): string | undefined {
  if (!principal) throw new AppError('unauthorized', 'Authorization: Bearer <key> is required');
  return principal.tenantId;
}

/** The audit log: every management change, newest first, and the proof that none was altered. */
export const auditRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);
  const common = { config: { auth: 'management' as const } };

  app.get(
    '/api/audit',
    {
      ...common,
      schema: {
        tags: ['Audit'],
        summary:
          'Management changes, newest first: who (actor), what (action, target), from where (ip), what changed (details, never a secret). `target` may be a visitor\'s email',
        querystring: auditQuery,
        response: { 200: auditList, ...errorResponses(400, 401, 429, 503) },
      },
    },
    async (request) => {
      const { cursor, limit, ...filters } = request.query;
      if (cursor !== undefined && !/^\d{1,19}$/.test(cursor)) {
        throw new AppError('invalid', 'cursor is not one this route gave', { details: [{ path: 'querystring.cursor', message: 'unknown cursor' }] });
      }
      const tenantId = scopeOf(request.principal);
      // A visitor is recorded by a keyed hash of their email: an email asked for is looked up by it.
      if (filters.target?.includes('@')) filters.target = app.auditVisitorId(filters.target);
      // And a signed user by a keyed hash of their id, asked for as `user:<id>`.
      else if (filters.target?.startsWith('user:')) filters.target = app.auditUserId(filters.target.slice('user:'.length));
      const defined = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
      return bus.request('links.audit.list', { ...defined, ...(tenantId ? { tenantId } : {}), ...(cursor ? { before: cursor } : {}), limit }, { requestId: request.id });
    },
  );

  app.get(
    '/api/audit/verify',
    {
      ...common,
      schema: {
        tags: ['Audit'],
        summary: 'Walks the hash chain: `ok`, how many entries, and the first one that no longer holds if any was altered',
        response: { 200: auditVerification, ...errorResponses(401, 429, 503) },
      },
    },
    async (request) => {
      const tenantId = scopeOf(request.principal);
      return bus.request('links.audit.verify', tenantId ? { tenantId } : {}, { requestId: request.id });
    },
  );
};
