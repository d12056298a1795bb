import type { PlatformBus } from '@parley/bus';
import { AppError, type TranscriptCursor, type TranscriptRow, transcriptExportMaxDays, transcriptExportQuery } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../../auth/management-auth.js';
import { csvFileName, sendCsv } from '../../../csv/csv-reply.js';
import { csvDocument } from '../../../csv/csv-writer.js';
import { transcriptCsvColumns } from '../../../csv/transcript-csv.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { errorResponses } from '../../error-responses.js';

const DAY_MS = 86_400_000;
/** The default window: the 30 days up to now. */
const DEFAULT_DAYS = 30;
/** Messages per page asked of the sessions service: each is written out and let go before the next. */
const PAGE = 500;

/** The window asked for: `from` before `to`, at most `transcriptExportMaxDays` wide. */
function windowOf(query: z.infer<typeof transcriptExportQuery>): { from: string; to: string } {
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
  if (from >= to) {
    throw new AppError('invalid', '`from` must come before `to`', { details: [{ path: 'querystring.to', message: 'must be after from' }] });
  }
  if (to.getTime() - from.getTime() > transcriptExportMaxDays * DAY_MS) {
    throw new AppError('invalid', `an export covers at most ${transcriptExportMaxDays} days`, {
      details: [{ path: 'querystring.from', message: `at most ${transcriptExportMaxDays} days before to` }],
    });
  }
  return { from: from.toISOString(), to: to.toISOString() };
}

/** Every page from the first one on, the next asked for when the one before has been written. */
async function* pagesFrom(first: TranscriptRow[], next: (after: TranscriptCursor) => Promise<TranscriptRow[]>) {
  let page = first;
  yield page;
  while (page.length === PAGE) {
    const last = page[page.length - 1]!;
    page = await next({ conversationId: last.conversation_id, sequence: last.sequence });
    yield page;
  }
}

/**
 * An agent's transcripts as CSV (docs/management-api.md "Transcripts export"): one row per message of the
 * tenant's conversations of the agent started in the window, streamed page by page from the
 * sessions service. Recorded in the audit log, as a visitor's export is.
 */
export const transcriptsExportRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);

  app.get(
    '/api/agents/:name/conversations/export',
    {
      config: {
        auth: 'management',
        // Every conversation of the agent: an editor's, as every conversation is (docs/management-api.md "Roles").
        role: 'editor',
        // Recorded as a visitor's export is: the agent by its id, the window and the link asked for.
        audit: {
          action: 'conversations.export',
          kind: 'agent',
          onRead: true,
          id: (_p, _a, _b, request) => request.auditSubject?.agent_id,
          details: (_p, _a, _b, request) => {
            const { agent_id: _, ...asked } = request.auditSubject ?? {};
            return asked;
          },
        },
      },
      schema: {
        tags: ['Inbox'],
        // The document names the answer's media type (every other route's is JSON).
        produces: ['text/csv'],
        summary: `An agent's transcripts as CSV, streamed: one row per message of its conversations started in [from, to) (at most ${transcriptExportMaxDays} days; default the last 30), optionally of one link`,
        params: z.object({ name: z.string().min(1).max(100) }),
        querystring: transcriptExportQuery,
        response: {
          200: z.string().meta({ description: 'text/csv: a header row, then one row per message' }),
          ...errorResponses(400, 401, 403, 404, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const window = windowOf(request.query);
      // A name that is not the tenant's agent is a 404, whoever else has one so named.
      const agent = await bus.request('links.agents.get', { tenantId, name: request.params.name }, { requestId: request.id });
      const linkId = request.query.link_id ?? null;
      const page = (after: TranscriptCursor | null) =>
        bus
          .request('sessions.transcripts.page', { tenantId, agentId: agent.id, linkId, ...window, after, limit: PAGE }, { requestId: request.id })
          .then((answer) => answer.rows);
      // The first page is asked before the answer starts: a service down is a 503, not a cut file.
      const first = await page(null);
      request.auditSubject = { agent_id: agent.id, ...window, link_id: linkId };
      const name = csvFileName('transcripts', agent.name, window.from.slice(0, 10), window.to.slice(0, 10));
      return sendCsv(request, reply, name, csvDocument(transcriptCsvColumns, pagesFrom(first, page)));
    },
  );
};
