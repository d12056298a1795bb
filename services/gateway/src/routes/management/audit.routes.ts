import type { PlatformBus } from '@parley/bus';
import { AppError, type AuditList, auditList, auditQuery, auditVerification, exportFormat } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Principal } from '../../auth/management-auth.js';
import { auditCsvColumns } from '../../csv/audit-csv.js';
import { csvFileName, sendCsv, wantsCsv } from '../../csv/csv-reply.js';
import { csvDocument } from '../../csv/csv-writer.js';
import { limitManagement } from '../../limits/route-limits.js';
import { errorResponses } from '../error-responses.js';

/** A tenant key reads its own tenant's entries; the admin key all of them, or one tenant's with X-Tenant-Id. */
function scopeOf(principal: Principal | undefined): string | undefined {
  if (!principal) throw new AppError('unauthorized', 'Authorization: Bearer <key> is required');
  return principal.tenantId;
}

/** The largest page the links service gives: a CSV export walks the log in pages of it. */
const CSV_PAGE = 200;

/** The audit list's query, and `?format=csv` for every matching entry as a file. */
const listQuery = auditQuery.extend({ format: exportFormat.optional() });

/** Every page from the first one on, each asked for when the one before has been written. */
async function* pagesFrom(first: AuditList, next: (cursor: string) => Promise<AuditList>) {
  let page = first;
  yield page.entries;
  while (page.next_cursor !== null) {
    page = await next(page.next_cursor);
    yield page.entries;
  }
}

/** The audit log: every management change, newest first, and the proof that none was altered. */
export const auditRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);

  app.get(
    '/api/audit',
    {
      config: { auth: 'management', role: 'owner' },
      schema: {
        tags: ['Audit'],
        summary:
          "Management changes, newest first: who (actor), what (action, target), from where (ip), what changed (details, never a secret). `target` may be a visitor's email. `?format=csv` (or `Accept: text/csv`): every matching entry (not one page) as CSV, streamed",
        querystring: listQuery,
        response: { 200: auditList, ...errorResponses(400, 401, 429, 503) },
      },
    },
    async (request, reply) => {
      const { cursor, limit, format, ...filters } = request.query;
      if (cursor !== undefined && !/^\d{1,19}$/.test(cursor)) {
        throw new AppError('invalid', 'cursor is not one this route gave', { details: [{ path: 'querystring.cursor', message: 'unknown cursor' }] });
      }
      const tenantId = scopeOf(request.principal);
      // A visitor is recorded by a keyed hash of their email: an email asked for is looked up by it.
      if (filters.target?.includes('@')) filters.target = app.auditVisitorId(filters.target);
      // And a signed user by a keyed hash of their id, asked for as `user:<id>`.
      else if (filters.target?.startsWith('user:')) filters.target = app.auditUserId(filters.target.slice('user:'.length));
      // And a phone number (E.164, `%2B` in a query) by a keyed hash of it.
      else if (filters.target !== undefined && /^\+[1-9][0-9]{1,14}$/.test(filters.target)) filters.target = app.auditPhoneId(filters.target);
      const defined = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
      const list = (before: string | undefined, size: number) =>
        bus.request(
          'links.audit.list',
          { ...defined, ...(tenantId ? { tenantId } : {}), ...(before ? { before } : {}), limit: size },
          { requestId: request.id },
        );
      if (!wantsCsv(request, format)) return list(cursor, limit);
      // The first page is asked before the answer starts: a service down is a 503, not a cut file.
      const first = await list(cursor, CSV_PAGE);
      const pages = pagesFrom(first, (next) => list(next, CSV_PAGE));
      return sendCsv(request, reply, csvFileName('audit', new Date().toISOString().slice(0, 10)), csvDocument(auditCsvColumns, pages));
    },
  );

  app.get(
    '/api/audit/verify',
    {
      config: { auth: 'management', role: 'owner' },
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
