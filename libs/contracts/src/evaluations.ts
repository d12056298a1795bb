import { z } from 'zod';
import { MAX_AGENT_VERSION } from './text-chat.js';

/** Test cases of an agent and their runs (docs/evaluations.md). */

/** A substring the reply must (or must not) hold, or `{regex}` run on RE2, case ignored. */
export const replyMatch = z.union([z.string().min(1).max(2_000), z.object({ regex: z.string().min(1).max(500) }).strict()]);
export type ReplyMatch = z.output<typeof replyMatch>;

/** What the agent should have done by the end of a turn; every field given is checked. */
export const turnExpectation = z
  .object({
    /** The node the turn ended on, by id or name. */
    node: z.string().min(1).max(100).optional(),
    says: replyMatch.optional(),
    says_not: replyMatch.optional(),
    /** Each named variable has exactly this value after the turn. */
    variables: z.record(z.string().min(1).max(100), z.string().max(2_000)).optional(),
    /** A tool the turn called, by name. */
    tool: z.string().min(1).max(100).optional(),
    /** true: the turn handed the conversation to a person; false: it did not. */
    handoff: z.boolean().optional(),
    /** true: the conversation ended with the turn; false: it goes on. */
    ended: z.boolean().optional(),
    /** A statement the agent's LLM checks the reply against, answered yes or no. */
    judge: z.string().min(1).max(2_000).optional(),
  })
  .strict();
export type TurnExpectation = z.output<typeof turnExpectation>;

export const testTurn = z.object({ user: z.string().min(1).max(10_000), expect: turnExpectation.optional() }).strict();
export type TestTurn = z.output<typeof testTurn>;

export const testStart = z
  .object({
    /** Variables the conversation starts with, as a personalised link's recipient would give. */
    variables: z.record(z.string().min(1).max(100), z.string().max(2_000)).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** POST /api/agents/{name}/tests and PUT …/tests/{id}. */
export const agentTestBody = z
  .object({ name: z.string().trim().min(1).max(200), turns: z.array(testTurn).min(1).max(50), start: testStart.optional() })
  .strict();
export type AgentTestBody = z.output<typeof agentTestBody>;

export const agentTest = agentTestBody.extend({ id: z.string(), created_at: z.string(), updated_at: z.string() });
export type AgentTest = z.output<typeof agentTest>;
export const agentTestList = z.object({ tests: z.array(agentTest) });
export const agentTestCreated = z.object({ id: z.string() });
export const agentTestParams = z.object({ name: z.string().min(1).max(100), id: z.uuid() });
export const fromConversationBody = z.object({ conversation_id: z.uuid() }).strict();

export const testRunStatus = z.enum(['running', 'passed', 'failed']);
export const testTurnResult = z.object({ user: z.string(), response: z.string().nullable(), node: z.string().nullable(), failures: z.array(z.string()) });
export type TestTurnResult = z.output<typeof testTurnResult>;
export const testResult = z.object({ test_id: z.string(), name: z.string(), passed: z.boolean(), turns: z.array(testTurnResult) });
export type TestResult = z.output<typeof testResult>;
/** GET /api/agents/{name}/test-runs/{id}; `duration_ms` is null while it runs. */
export const testRun = z.object({
  id: z.string(),
  version: z.number().int(),
  status: testRunStatus,
  passed: z.number().int(),
  failed: z.number().int(),
  results: z.array(testResult),
  duration_ms: z.number().int().nullable(),
});
export type TestRun = z.output<typeof testRun>;

export const MAX_TEST_RUN_PAGE = 100;
export const DEFAULT_TEST_RUN_PAGE = 20;

/** `?version=&limit=&cursor=` of GET /api/agents/{name}/test-runs: keyset pages, newest first. */
export const testRunListQuery = z.strictObject({
  version: z.coerce.number().int().min(1).max(MAX_AGENT_VERSION).optional().meta({ description: 'Only the runs of this version' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_TEST_RUN_PAGE)
    .default(DEFAULT_TEST_RUN_PAGE)
    .meta({ description: `Runs per page, 1 to ${MAX_TEST_RUN_PAGE} (default ${DEFAULT_TEST_RUN_PAGE})` }),
  cursor: z.string().max(200).optional().meta({ description: '`next_cursor` of the previous page (opaque)' }),
});
export type TestRunListQuery = z.output<typeof testRunListQuery>;

/** A run as GET /api/agents/{name}/test-runs lists it: its outcome without each turn (GET …/test-runs/{id} has them). */
export const testRunSummary = testRun.omit({ results: true }).extend({ created_at: z.string() });
export type TestRunSummary = z.output<typeof testRunSummary>;
export const testRunList = z.object({
  runs: z.array(testRunSummary),
  next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
});
export type TestRunList = z.output<typeof testRunList>;

/** PUT /api/agents/{name}. */
export const updateAgentBody = z.object({ require_tests: z.boolean() }).strict();
export const agentSettings = z.object({ id: z.string(), name: z.string(), active_version: z.number().int(), require_tests: z.boolean() });
