import { Readable } from 'node:stream';
import type { PlatformBus } from '@parley/bus';
import { erasureResult, exportedConversation, exportedMemory, exportedMessage, exportedTransition, exportedVerification, visitorEmailParams } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit, visitorHash } from '../audit-trail.js';
import { tenantOf } from '../management-auth.js';
import { limitManagement } from '../security.js';
import { errorResponses } from './error-responses.js';

const bearer = [{ bearer: [] }];
/** Page sizes of the export: each page is asked, written out and let go before the next. */
const CONVERSATION_PAGE = 50;
const RECORD_PAGE = 500;

/** What the streamed export is, for the OpenAPI document (the route writes it piece by piece). */
const visitorExport = z.object({
  email: z.string(),
  tenant_id: z.string(),
  exported_at: z.string(),
  memories: z.array(exportedMemory),
  verifications: z.array(exportedVerification),
  conversations: z.array(exportedConversation.extend({ messages: z.array(exportedMessage), transitions: z.array(exportedTransition) })),
});

interface ExportScope {
  bus: PlatformBus;
  tenantId: string;
  email: string;
  requestId: string;
}

/** A JSON array written element by element from pages: `page(after)` answers the next page. */
async function* jsonArray<T, C>(page: (after: C | null) => Promise<T[]>, cursorOf: (last: T) => C, limit: number, write: (item: T) => AsyncGenerator<string> | string) {
  yield '[';
  let first = true;
  for (let after: C | null = null; ; ) {
    const items = await page(after);
    for (const item of items) {
      if (!first) yield ',';
      first = false;
      const written = write(item);
      if (typeof written === 'string') yield written;
      else yield* written;
    }
    if (items.length < limit) break;
    after = cursorOf(items[items.length - 1]!);
  }
  yield ']';
}

/**
 * The export as a stream of JSON text, keyset page after keyset page (conversations by id,
 * messages by sequence, transitions by turn and sequence): the gateway holds one page at a time
 * whatever the history's size, and a slow reader slows the reading (the stream pulls).
 */
async function* exportJson({ bus, tenantId, email, requestId }: ExportScope, memories: unknown[]): AsyncGenerator<string> {
  const opts = { requestId };
  yield `{"email":${JSON.stringify(email)},"tenant_id":${JSON.stringify(tenantId)},"exported_at":${JSON.stringify(new Date().toISOString())}`;
  yield `,"memories":${JSON.stringify(memories)},"verifications":`;
  yield* jsonArray(
    async (after: string | null) => (await bus.request('privacy.verifications', { tenantId, email, after, limit: RECORD_PAGE }, opts)).verifications,
    (last) => last.link_id,
    RECORD_PAGE,
    (v) => JSON.stringify(v),
  );
  yield ',"conversations":';
  yield* jsonArray(
    async (after: string | null) => (await bus.request('privacy.conversations', { tenantId, email, after, limit: CONVERSATION_PAGE }, opts)).conversations,
    (last) => last.id,
    CONVERSATION_PAGE,
    async function* (conversation) {
      const conversationId = conversation.id;
      yield `${JSON.stringify(conversation).slice(0, -1)},"messages":`;
      yield* jsonArray(
        async (after: number | null) => (await bus.request('privacy.messages', { tenantId, conversationId, after, limit: RECORD_PAGE }, opts)).messages,
        (last) => last.sequence,
        RECORD_PAGE,
        (m) => JSON.stringify(m),
      );
      yield ',"transitions":';
      yield* jsonArray(
        async (after: { turn: number; sequence: number } | null) =>
          (await bus.request('privacy.transitions', { tenantId, conversationId, after, limit: RECORD_PAGE }, opts)).transitions,
        (last) => ({ turn: last.turn_number, sequence: last.sequence }),
        RECORD_PAGE,
        (t) => JSON.stringify(t),
      );
      yield '}';
    },
  );
  yield '}';
}

/**
 * Privacy (API.md "Privacy (GDPR, CCPA)"): a visitor's export and erasure in the caller's tenant.
 * An email with nothing held answers like any other – an empty export, zero counts – so the
 * routes do not tell whether an address was ever seen. Both are in the audit log under the hash
 * of the email, never the email.
 */
export const privacyRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);
  const common = { config: { auth: 'management' as const } };

  app.get(
    '/api/visitors/:email/export',
    {
      ...common,
      schema: {
        tags: ['Privacy'],
        summary:
          'Everything held for an email in the tenant – conversations with their messages, transitions, variables and escalations, memories, verification records – as JSON, streamed',
        security: bearer,
        params: visitorEmailParams,
        response: { 200: visitorExport, ...errorResponses(400, 401, 429, 503) },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const email = request.params.email.trim().toLowerCase();
      // Asked before the answer starts, so a service that is down is a 503 rather than a cut stream.
      const { memories } = await bus.request('privacy.memories', { tenantId, email }, { requestId: request.id });
      await recordAudit(bus, request, { tenantId, action: 'visitor.export', target: { kind: 'visitor', id: visitorHash(email) }, details: {} });
      const stream = Readable.from(exportJson({ bus, tenantId, email, requestId: request.id }, memories), { objectMode: false });
      stream.on('error', (error) => request.log.error({ err: error }, 'visitor export cut short'));
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', 'attachment; filename="visitor-export.json"')
        .header('cache-control', 'no-store')
        // A stream is sent as it is (fastify serialises only objects); the schema documents it.
        .send(stream as unknown as z.infer<typeof visitorExport>);
    },
  );

  app.delete(
    '/api/visitors/:email',
    {
      ...common,
      schema: {
        tags: ['Privacy'],
        summary:
          'Erases an email’s data in the tenant: messages, transitions, variables, memories, verification records; conversations stay as anonymous rows with their counts',
        security: bearer,
        params: visitorEmailParams,
        response: { 200: erasureResult, ...errorResponses(400, 401, 429, 503) },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      const email = request.params.email.trim().toLowerCase();
      const opts = { requestId: request.id };
      // Each part is idempotent: a retry after a failure part-way finishes the job.
      const sessions = await bus.request('privacy.eraseVisitor', { tenantId, email }, opts);
      const { memories } = await bus.request('privacy.eraseMemories', { tenantId, email }, opts);
      await bus.request('privacy.eraseVerifications', { tenantId, email }, opts);
      return { erased: { conversations: sessions.conversations, messages: sessions.messages, memories } };
    },
  );
};
