import type { PlatformBus } from '@parley/bus';
import { AppError, type CannedReply, cannedReply, cannedReplyList, createCannedReplyBody, type Role, updateCannedReplyBody } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditBody, AuditSpec } from '../../audit/trail.js';
import { tenantOf } from '../../auth/management-auth.js';
import { limitManagement } from '../../limits/route-limits.js';
import { errorResponses } from '../error-responses.js';

const errors = errorResponses(400, 401, 403, 404, 409, 413, 429, 503);
const replyParams = z.object({ id: z.string().min(1).max(100).meta({ description: 'The canned reply’s id (`cr_…`)' }) });

/** Who writes: a member signed in to the console is a person with replies of their own; a key (or the admin key) is nobody. */
function writerOf(request: FastifyRequest): { memberId: string | null; role: Role } {
  const principal = request.principal;
  if (!principal) throw new AppError('unauthorized', 'Authorization: Bearer <key> is required');
  return { memberId: principal.kind === 'member' ? principal.memberId : null, role: principal.role };
}

/**
 * A change to a shared reply goes to the audit log, as every management change does; a member's
 * own replies are their notes, not the tenant's settings. What a reply says is never recorded.
 * The reply is the answer, or for a delete (204, no body) the one the handler noted.
 */
function sharedReplyChange(action: string, details: (body: AuditBody) => Record<string, unknown> = () => ({})): AuditSpec {
  const replyOf = (answer: AuditBody, request: FastifyRequest) => (answer ?? request.auditSubject) as Partial<CannedReply> | undefined;
  return {
    action,
    kind: 'canned_reply',
    when: (_p, a, _b, request) => {
      const reply = replyOf(a, request);
      return reply !== undefined && !reply.personal;
    },
    id: (_p, a, _b, request) => replyOf(a, request)?.id,
    details: (_p, a, b, request) => ({ shortcut: replyOf(a, request)?.shortcut, ...details(b) }),
  };
}

/**
 * Canned replies (docs/escalation.md, "Canned replies"): answers an operator inserts in the inbox by
 * typing `/` and their shortcut, with `{{variables}}` filled from the conversation. Shared ones
 * are the tenant's (editors and owners write them); personal ones belong to the member signed in.
 */
export const cannedRepliesRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);
  // Every inbox user reads them and writes their own (a member's); shared ones need an editor, which
  // the links service checks against the reply (docs/escalation.md "Canned replies").
  app.get(
    '/api/canned-replies',
    {
      config: { auth: 'management', role: 'operator' },
      schema: {
        tags: ['Inbox'],
        summary: 'The tenant’s shared canned replies and the caller’s own (a member signed in), sorted by shortcut',
        response: { 200: cannedReplyList, ...errors },
      },
    },
    async (request) =>
      bus.request('links.canned-replies.list', { tenantId: tenantOf(request), memberId: writerOf(request).memberId }, { requestId: request.id }),
  );

  app.post(
    '/api/canned-replies',
    {
      config: { auth: 'management', role: 'operator', audit: sharedReplyChange('canned_reply.create') },
      schema: {
        tags: ['Inbox'],
        summary: 'Create a canned reply: shared (editors and owners) or, with `personal: true`, the signed-in member’s own; a taken shortcut is 409',
        body: createCannedReplyBody,
        response: { 201: cannedReply, ...errors },
      },
    },
    async (request, reply) => {
      const created = await bus.request(
        'links.canned-replies.create',
        { tenantId: tenantOf(request), writer: writerOf(request), reply: request.body },
        { requestId: request.id },
      );
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/api/canned-replies/:id',
    {
      config: { auth: 'management', role: 'operator', audit: sharedReplyChange('canned_reply.update', (body) => ({ changed: Object.keys(body ?? {}) })) },
      schema: {
        tags: ['Inbox'],
        summary: 'Change a canned reply’s shortcut or content; another member’s reply is 404, a shared one needs an editor',
        params: replyParams,
        body: updateCannedReplyBody,
        response: { 200: cannedReply, ...errors },
      },
    },
    async (request) => {
      const updated = await bus.request(
        'links.canned-replies.update',
        { tenantId: tenantOf(request), writer: writerOf(request), id: request.params.id, changes: request.body },
        { requestId: request.id },
      );
      return updated;
    },
  );

  app.delete(
    '/api/canned-replies/:id',
    {
      config: { auth: 'management', role: 'operator', audit: sharedReplyChange('canned_reply.delete') },
      schema: {
        tags: ['Inbox'],
        summary: 'Delete a canned reply: 204 with no body; another member’s reply is 404, a shared one needs an editor',
        params: replyParams,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      const deleted = await bus.request(
        'links.canned-replies.delete',
        { tenantId: tenantOf(request), writer: writerOf(request), id: request.params.id },
        { requestId: request.id },
      );
      request.auditSubject = deleted;
      return reply.status(204).send(null);
    },
  );
};
