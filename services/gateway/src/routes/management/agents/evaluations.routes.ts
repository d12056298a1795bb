import type { PlatformBus } from '@parley/bus';
import {
  agentSettings,
  agentTest,
  agentTestBody,
  agentTestCreated,
  agentTestList,
  agentTestParams,
  fromConversationBody,
  testRun,
  testRunList,
  testRunListQuery,
  updateAgentBody,
  versionParams,
} from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenantOf } from '../../../auth/management-auth.js';
import { limitManagement } from '../../../limits/route-limits.js';
import { errorResponses } from '../../error-responses.js';

const errors = errorResponses(400, 401, 403, 404, 409, 413, 429, 503);
const agentParams = z.object({ name: z.string().min(1).max(100) });
const runParams = z.object({ name: z.string().min(1).max(100), id: z.uuid() });

/**
 * An agent's test cases and their runs (docs/evaluations.md): editors write tests and start runs,
 * viewers read them. Another tenant's agent is 404, as one that does not exist.
 */
export const evaluationRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus; rateLimit: { max: number } }> = async (app, { bus, rateLimit }) => {
  limitManagement(app, rateLimit.max);

  app.put(
    '/api/agents/:name',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: { action: 'agent.update', kind: 'agent', id: (p) => p.name, details: (_p, a) => ({ require_tests: a?.require_tests }) },
      },
      schema: {
        tags: ['Management'],
        summary: "Change an agent's settings: `require_tests` makes publishing a version need a passed run of every test",
        params: agentParams,
        body: updateAgentBody,
        response: { 200: agentSettings, ...errors },
      },
    },
    async (request) =>
      bus.request(
        'links.agents.update',
        { tenantId: tenantOf(request), name: request.params.name, requireTests: request.body.require_tests },
        { requestId: request.id },
      ),
  );

  app.post(
    '/api/agents/:name/tests',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: { action: 'agent.test.create', kind: 'agent_test', id: (_p, a) => a?.id, details: (p, _a, b) => ({ agent: p.name, name: b?.name }) },
      },
      schema: {
        tags: ['Management'],
        summary: 'Add a test case: visitor messages and what the agent should do at each',
        params: agentParams,
        body: agentTestBody,
        response: { 201: agentTestCreated, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await bus.request('links.tests.create', { tenantId: tenantOf(request), name: request.params.name, test: request.body }, { requestId: request.id }),
        ),
  );

  app.post(
    '/api/agents/:name/tests/from-conversation',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: {
          action: 'agent.test.create',
          kind: 'agent_test',
          id: (_p, a) => a?.id,
          details: (p, _a, b) => ({ agent: p.name, conversation_id: b?.conversation_id }),
        },
      },
      schema: {
        tags: ['Management'],
        summary: "Add a test made of one of the agent's conversations: its visitor messages, expecting what happened then",
        params: agentParams,
        body: fromConversationBody,
        response: { 201: agentTestCreated, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await bus.request(
            'links.tests.from-conversation',
            { tenantId: tenantOf(request), name: request.params.name, conversationId: request.body.conversation_id.toLowerCase() },
            { requestId: request.id },
          ),
        ),
  );

  app.get(
    '/api/agents/:name/tests',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: { tags: ['Management'], summary: "The agent's test cases, oldest first", params: agentParams, response: { 200: agentTestList, ...errors } },
    },
    async (request) => bus.request('links.tests.list', { tenantId: tenantOf(request), name: request.params.name }, { requestId: request.id }),
  );

  app.get(
    '/api/agents/:name/tests/:id',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: { tags: ['Management'], summary: 'One test case', params: agentTestParams, response: { 200: agentTest, ...errors } },
    },
    async (request) =>
      bus.request(
        'links.tests.get',
        { tenantId: tenantOf(request), name: request.params.name, id: request.params.id.toLowerCase() },
        { requestId: request.id },
      ),
  );

  app.put(
    '/api/agents/:name/tests/:id',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: { action: 'agent.test.update', kind: 'agent_test', id: (p) => p.id, details: (p, _a, b) => ({ agent: p.name, name: b?.name }) },
      },
      schema: {
        tags: ['Management'],
        summary: 'Replace a test case',
        params: agentTestParams,
        body: agentTestBody,
        response: { 200: agentTest, ...errors },
      },
    },
    async (request) =>
      bus.request(
        'links.tests.update',
        { tenantId: tenantOf(request), name: request.params.name, id: request.params.id.toLowerCase(), test: request.body },
        { requestId: request.id },
      ),
  );

  app.delete(
    '/api/agents/:name/tests/:id',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: { action: 'agent.test.delete', kind: 'agent_test', id: (p) => p.id, details: (p) => ({ agent: p.name }) },
      },
      schema: { tags: ['Management'], summary: 'Delete a test case', params: agentTestParams, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await bus.request(
        'links.tests.delete',
        { tenantId: tenantOf(request), name: request.params.name, id: request.params.id.toLowerCase() },
        { requestId: request.id },
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/agents/:name/versions/:version/test-runs',
    {
      config: {
        auth: 'management',
        role: 'editor',
        audit: { action: 'agent.test_run.start', kind: 'agent', id: (p) => p.name, details: (p, a) => ({ version: p.version, run_id: a?.id }) },
      },
      schema: {
        tags: ['Management'],
        summary: 'Run every test of the agent on a version, a draft included; it runs in the background (GET …/test-runs/{id})',
        params: versionParams,
        response: { 202: agentTestCreated, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await bus.request(
            'links.test-runs.start',
            { tenantId: tenantOf(request), name: request.params.name, version: request.params.version },
            { requestId: request.id },
          ),
        ),
  );

  app.get(
    '/api/agents/:name/test-runs',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Management'],
        summary:
          "The agent's test runs, newest first, each with its outcome but not its turns (GET …/test-runs/{id}); `version` keeps one version's. Keyset pages: pass `next_cursor` as `cursor` for the next one (null on the last)",
        params: agentParams,
        querystring: testRunListQuery,
        response: { 200: testRunList, ...errors },
      },
    },
    async (request) => {
      const { version, limit, cursor } = request.query;
      return bus.request(
        'links.test-runs.list',
        {
          tenantId: tenantOf(request),
          name: request.params.name,
          limit,
          ...(version === undefined ? {} : { version }),
          ...(cursor === undefined ? {} : { cursor }),
        },
        { requestId: request.id },
      );
    },
  );

  app.get(
    '/api/agents/:name/test-runs/:id',
    {
      config: { auth: 'management', role: 'viewer' },
      schema: {
        tags: ['Management'],
        summary: 'A test run: its status and each test’s turns with their failures',
        params: runParams,
        response: { 200: testRun, ...errors },
      },
    },
    async (request) =>
      bus.request(
        'links.test-runs.get',
        { tenantId: tenantOf(request), name: request.params.name, id: request.params.id.toLowerCase() },
        { requestId: request.id },
      ),
  );
};
