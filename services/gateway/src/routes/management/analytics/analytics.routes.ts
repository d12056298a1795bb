import type { PlatformBus } from '@parley/bus';
import {
  type AnalyticsReport,
  AppError,
  analyticsAnswer,
  type CostFigure,
  analyticsQuery,
  exportFormat,
  knowledgeGapList,
  knowledgeGapsQuery,
} from '@parley/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../../auth/management-auth.js';
import { type AnalyticsCsvReport, analyticsCsvColumns, analyticsCsvRows } from '../../../csv/analytics-csv.js';
import { csvFileName, sendCsv, wantsCsv } from '../../../csv/csv-reply.js';
import { csvDocument } from '../../../csv/csv-writer.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { errorResponses } from '../../error-responses.js';

const DAY_MS = 86_400_000;
/** The default window: the 30 days up to now. */
const DEFAULT_DAYS = 30;

/** The analytics query, and `?format=csv` for the series as a file. */
const reportQuery = analyticsQuery.extend({ format: exportFormat.optional() });

/** The window asked for, with its defaults; `from` after `to` names `to`. */
function periodOf(query: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
  if (from >= to) {
    throw new AppError('invalid', '`from` must come before `to`', { details: [{ path: 'querystring.to', message: 'must be after from' }] });
  }
  return { from: from.toISOString(), to: to.toISOString() };
}

/** The window asked for, by its buckets. */
const windowOf = (query: z.infer<typeof reportQuery>): { from: string; to: string; bucket: 'hour' | 'day' } => ({ ...periodOf(query), bucket: query.bucket });

/** Analytics of a link and of an agent (docs/management-api.md "Analytics"), answered by the links service from its rollups; an agent's knowledge gaps, by the sessions service. */
export const analyticsRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);
  const response = { 200: analyticsAnswer, ...errorResponses(400, 401, 404, 429, 503) };

  /** The series as CSV, one row per bucket and a total (docs/management-api.md "Analytics as CSV"). */
  const sendReportCsv = (request: FastifyRequest, reply: FastifyReply, report: AnalyticsCsvReport, name: string[]) =>
    sendCsv(
      request,
      reply,
      csvFileName('analytics', ...name, report.from.slice(0, 10), report.to.slice(0, 10)),
      csvDocument(analyticsCsvColumns, [analyticsCsvRows(report)]),
    );

  /** The agent's id, by its name; undefined when the tenant has none of that name. */
  const agentIdOf = async (request: FastifyRequest, tenantId: string, name: string) => {
    const { agents } = await bus.request('links.agents.list', { tenantId }, { requestId: request.id });
    return agents.find((agent) => agent.name === name)?.id;
  };

  /** The report with the operators' and teams' work in its window (the sessions service keeps who answered). */
  const withOperators = async (request: FastifyRequest, tenantId: string, report: AnalyticsReport, scope: { agentId?: string; linkId?: string }) => {
    const { agentId } = scope;
    const [activity, teams] = await Promise.all([
      bus.request(
        'sessions.operator-activity',
        { tenantId, from: report.from, to: report.to, ...(agentId ? { agentId } : {}), ...(scope.linkId ? { linkId: scope.linkId } : {}) },
        { requestId: request.id },
      ),
      bus.request('sessions.teams.list', { tenantId }, { requestId: request.id }),
    ]);
    const names = new Map(teams.teams.map((team) => [team.id, team.name]));
    return {
      ...report,
      operators: activity.operators,
      teams: activity.teams.map((team) => ({ ...team, name: team.team_id ? (names.get(team.team_id) ?? null) : null })),
    };
  };

  /**
   * The report with what its turns' LLM calls cost (docs/management-api.md "Analytics"), in all, per
   * agent version and per bucket of its series, from the turns' traces the sessions service keeps.
   */
  const withCost = async (
    request: FastifyRequest,
    tenantId: string,
    report: AnalyticsReport,
    scope: { agentId: string } | { linkId: string },
    bucket: 'hour' | 'day',
  ): Promise<AnalyticsReport & { cost: CostFigure }> => {
    const cost = await bus.request('sessions.llm-cost', { tenantId, from: report.from, to: report.to, bucket, ...scope }, { requestId: request.id });
    const byVersion = new Map(cost.versions.map((v) => [v.version, v.usd]));
    const byBucket = new Map((cost.series ?? []).map((point) => [new Date(point.at).getTime(), point.usd]));
    return {
      ...report,
      cost: { usd: cost.usd },
      series: report.series.map((point) => ({ ...point, cost: { usd: byBucket.get(new Date(point.at).getTime()) ?? 0 } })),
      ...(report.versions ? { versions: report.versions.map((v) => ({ ...v, cost: { usd: byVersion.get(v.version) ?? 0 } })) } : {}),
    };
  };

  app.get(
    '/api/links/:id/analytics',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Analytics'],
        summary:
          "A public link's sessions by outcome, messages by role, visitors, engagement, response times, countries, refusals, what its LLM calls cost and a time series; `?format=csv` (or `Accept: text/csv`): the series as CSV, streamed",
        params: z.object({ id: z.string().min(1).max(100) }),
        querystring: reportQuery,
        response,
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const window = windowOf(request.query);
      const report = await bus.request(
        'links.analytics.get',
        { tenantId, scope: { kind: 'link', linkId: request.params.id }, ...window },
        { requestId: request.id },
      );
      const scope = { linkId: request.params.id };
      if (wantsCsv(request, request.query.format)) {
        return sendReportCsv(request, reply, await withCost(request, tenantId, report, scope, window.bucket), ['link', request.params.id]);
      }
      const [answer, costed] = await Promise.all([withOperators(request, tenantId, report, scope), withCost(request, tenantId, report, scope, window.bucket)]);
      return { ...costed, operators: answer.operators, teams: answer.teams };
    },
  );

  app.get(
    '/api/agents/:name/analytics',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Analytics'],
        summary: 'The same for an agent: all its links and its Text Chat API conversations together, and its tools’ calls (CSV likewise)',
        params: z.object({ name: z.string().min(1).max(100) }),
        querystring: reportQuery,
        response,
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const window = windowOf(request.query);
      const report = await bus.request(
        'links.analytics.get',
        { tenantId, scope: { kind: 'agent', name: request.params.name }, ...window },
        { requestId: request.id },
      );
      const agentId = await agentIdOf(request, tenantId, request.params.name);
      // What its turns' LLM calls cost, in all, per version and per bucket (nothing without the agent, gone since its report).
      const costed = () => (agentId ? withCost(request, tenantId, report, { agentId }, window.bucket) : { ...report, cost: { usd: 0 } });
      if (wantsCsv(request, request.query.format)) return sendReportCsv(request, reply, await costed(), ['agent', request.params.name]);
      // Its tools' calls and its knowledge's answers, from the transcripts the sessions service keeps (docs/management-api.md "Analytics").
      const period = { from: report.from, to: report.to };
      const [answer, tools, knowledge, withCosts] = await Promise.all([
        withOperators(request, tenantId, report, agentId ? { agentId } : {}),
        agentId ? bus.request('sessions.tool-activity', { tenantId, agentId, ...period }, { requestId: request.id }) : { tools: [] },
        agentId
          ? bus.request('sessions.knowledge-activity', { tenantId, agentId, ...period }, { requestId: request.id })
          : { answers: 0, with_sources: 0, without_match: 0 },
        costed(),
      ]);
      return { ...withCosts, operators: answer.operators, teams: answer.teams, tools: tools.tools, knowledge };
    },
  );

  app.get(
    '/api/agents/:name/knowledge-gaps',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Analytics'],
        summary: 'The visitors’ questions the agent’s knowledge had no passage for, newest first (docs/management-api.md "Knowledge gaps")',
        params: z.object({ name: z.string().min(1).max(100) }),
        querystring: knowledgeGapsQuery,
        response: { 200: knowledgeGapList, ...errorResponses(400, 401, 404, 429, 503) },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      const period = periodOf(request.query);
      const agent = await bus.request('links.agents.get', { tenantId, name: request.params.name }, { requestId: request.id });
      return bus.request('sessions.knowledge-gaps', { tenantId, agentId: agent.id, ...period, limit: request.query.limit }, { requestId: request.id });
    },
  );
};
