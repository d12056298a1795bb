import { Readable } from 'node:stream';
import type { PlatformBus } from '@parley/bus';
import { erasureResult, type PrivacyVisitor, phoneErasureResult, visitorEmailParams, visitorPhoneParams, visitorUserParams } from '@parley/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type AuditSpec, visitorHash, visitorPhoneHash, visitorUserHash } from '../../../audit/trail.js';
import { tenantOf } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { errorResponses } from '../../error-responses.js';
import { erasePhone, eraseVisitor } from './erasure.js';
import { emailExport, exportJson, exportPhoneJson, phoneExport, userExport } from './export.js';
import { signedUsersOf } from './scope.js';

/**
 * What the audit log records (docs/management-api.md "Privacy"): the visitor by a keyed hash of their email,
 * user id or phone number (keyed where it is recorded), never the thing itself; an export as a read
 * worth recording, an erasure with what was erased, as counts.
 */
const byEmail = (p: Record<string, string>) => visitorHash(p.email ?? '');
const byUser = (p: Record<string, string>) => visitorUserHash(p.user_id ?? '');
const byPhone = (p: Record<string, string>) => visitorPhoneHash(p.phone ?? '');
const exported = (id: AuditSpec['id']): AuditSpec => ({ action: 'visitor.export', kind: 'visitor', onRead: true, id, details: () => ({}) });
const erased = (id: AuditSpec['id']): AuditSpec => ({ action: 'visitor.erase', kind: 'visitor', id, details: (_p, a) => ({ erased: a?.erased }) });

/**
 * Privacy (docs/management-api.md "Privacy"): a visitor's export and erasure in the caller's tenant, the
 * visitor named by their email, by a signed user id, or by a phone number links were texted to.
 * One with nothing held answers like any other – an empty export, zero counts – so the routes do
 * not tell whether they were ever seen. All are in the audit log under a keyed hash of the email,
 * user id or number, never the thing itself.
 */
export const privacyRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);

  async function streamExport(request: FastifyRequest, reply: FastifyReply, visitor: PrivacyVisitor) {
    const tenantId = tenantOf(request);
    // Asked before the answer starts, so a service that is down is a 503 rather than a cut stream.
    const users = await signedUsersOf({ bus, tenantId, visitor, requestId: request.id });
    const { memories } = await bus.request('memory.privacy.memories', { tenantId, visitor, ...(users.length > 0 ? { users } : {}) }, { requestId: request.id });
    return sendExport(request, reply, exportJson({ bus, tenantId, visitor, requestId: request.id }, memories));
  }

  /** An export's JSON text, streamed as it is written, as a file to save. */
  function sendExport(request: FastifyRequest, reply: FastifyReply, json: AsyncGenerator<string>) {
    const stream = Readable.from(json, { objectMode: false });
    stream.on('error', (error) => request.log.error({ err: error }, 'visitor export cut short'));
    return (
      reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="visitor-export.json"')
        .header('cache-control', 'no-store')
        // A stream is sent as it is (fastify serialises only objects); the schema documents it.
        .send(stream as never)
    );
  }

  const exportSummary =
    'conversations with their messages, transitions, variables and escalations, memories, verification records, personalised links, sendings of links, schedules, webhook deliveries and inbox events about the conversations – as JSON, streamed';
  const eraseSummary =
    'conversations stay as anonymous rows with their counts; messages, memories, verification records go; sendings, webhook deliveries and schedules keep no address or words';

  app.get(
    '/api/visitors/:email/export',
    {
      config: { auth: 'management', role: 'owner', audit: exported(byEmail) },
      schema: {
        tags: ['Privacy'],
        summary: `Everything held for an email in the tenant: ${exportSummary}`,
        params: visitorEmailParams,
        response: { 200: emailExport, ...errorResponses(400, 401, 429, 503) },
      },
    },
    (request, reply) => streamExport(request, reply, { email: request.params.email.trim().toLowerCase() }),
  );

  app.get(
    '/api/visitors/users/:user_id/export',
    {
      config: { auth: 'management', role: 'owner', audit: exported(byUser) },
      schema: {
        tags: ['Privacy'],
        summary: `Everything held for a signed user id in the tenant (every identity realm and channel): ${exportSummary}`,
        params: visitorUserParams,
        response: { 200: userExport, ...errorResponses(400, 401, 429, 503) },
      },
    },
    (request, reply) => streamExport(request, reply, { userId: request.params.user_id }),
  );

  app.get(
    '/api/visitors/phones/:phone/export',
    {
      config: { auth: 'management', role: 'owner', audit: exported(byPhone) },
      schema: {
        tags: ['Privacy'],
        summary:
          'Everything held for a phone number (E.164) in the tenant: the texts of links sent to it and the schedules that text it or name it in their runs’ errors – as JSON, streamed',
        params: visitorPhoneParams,
        response: { 200: phoneExport, ...errorResponses(400, 401, 429, 503) },
      },
    },
    async (request, reply) => {
      const scope = { bus, tenantId: tenantOf(request), phone: request.params.phone, requestId: request.id };
      // Asked before the answer starts, as an email's memories are: a service down is a 503 rather than a cut stream.
      const { schedules } = await bus.request('links.privacy.phone-schedules', { tenantId: scope.tenantId, phone: scope.phone }, { requestId: request.id });
      return sendExport(request, reply, exportPhoneJson(scope, schedules));
    },
  );

  app.delete(
    '/api/visitors/phones/:phone',
    {
      config: { auth: 'management', role: 'owner', audit: erased(byPhone) },
      schema: {
        tags: ['Privacy'],
        summary:
          'Erases a phone number (E.164) in the tenant: texts sent to it are kept without it, the message or an error quoting it; schedules stop texting it',
        params: visitorPhoneParams,
        response: { 200: phoneErasureResult, ...errorResponses(400, 401, 429, 503) },
      },
    },
    (request) => erasePhone({ bus, tenantId: tenantOf(request), phone: request.params.phone, requestId: request.id }),
  );

  app.delete(
    '/api/visitors/:email',
    {
      config: { auth: 'management', role: 'owner', audit: erased(byEmail) },
      schema: {
        tags: ['Privacy'],
        summary: `Erases an email’s data in the tenant: ${eraseSummary}`,
        params: visitorEmailParams,
        response: { 200: erasureResult, ...errorResponses(400, 401, 429, 503) },
      },
    },
    (request) => eraseVisitor({ bus, tenantId: tenantOf(request), visitor: { email: request.params.email.trim().toLowerCase() }, requestId: request.id }),
  );

  app.delete(
    '/api/visitors/users/:user_id',
    {
      config: { auth: 'management', role: 'owner', audit: erased(byUser) },
      schema: {
        tags: ['Privacy'],
        summary: `Erases a signed user id’s data in the tenant (every identity realm and channel): ${eraseSummary}`,
        params: visitorUserParams,
        response: { 200: erasureResult, ...errorResponses(400, 401, 429, 503) },
      },
    },
    (request) => eraseVisitor({ bus, tenantId: tenantOf(request), visitor: { userId: request.params.user_id }, requestId: request.id }),
  );
};
