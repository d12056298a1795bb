import { sha256Hex } from '@parley/auth';
import type { TurnOutcome } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TurnTracesRepository } from '../src/traces/turn-traces.repository.js';
import { promptAgent } from './fixtures.js';
import { seedLink } from './public-links-fixtures.js';
import { type RunnerTurnRequest, type SessionsHarness, startSessionsHarness } from './sessions-harness.js';

/** USD per million tokens: `priced` has a price, `unpriced` none. */
const PRICES = { priced: { input: 2, output: 10 } };
const PASSAGES = [
  { chunk_id: 'chk_returns01', score: 3.5 },
  { chunk_id: 'chk_shipping1', score: 1.25 },
];

/**
 * A runner whose every message turn goes `answer` → `more` and reports two LLM calls – one of a
 * priced model, one of a model without a price – and the passages its knowledge retrieved; the
 * start reports nothing.
 */
async function runnerAnswer(request: RunnerTurnRequest): Promise<TurnOutcome> {
  const common = { extractedVariables: null, status: 'active' as const, llmLatencyMs: 3, nodeName: 'More', previousNodeName: 'Answer' };
  if (request.state === null) {
    return {
      ...common,
      transitions: [],
      state: { nodeId: 'answer', collectedData: {}, visitTurns: 0 },
      said: [{ nodeId: 'answer', text: 'Ask me anything.' }],
      response: 'Ask me anything.',
      previousNodeId: 'answer',
    };
  }
  return {
    ...common,
    state: { nodeId: 'more', collectedData: {}, visitTurns: 0 },
    previousNodeId: 'answer',
    transitions: [{ from_node: 'answer', from_node_name: 'Answer', to_node: 'more', to_node_name: 'More', condition: 'user_responded' }],
    said: [{ nodeId: 'answer', text: 'Returns are free.' }],
    response: 'Returns are free.',
    trace: {
      llm_calls: [
        { model: 'priced', prompt_tokens: 1000, completion_tokens: 100, latency_ms: 40 },
        { model: 'unpriced', prompt_tokens: 50, completion_tokens: 5, latency_ms: 7 },
      ],
      retrieval: PASSAGES,
    },
  };
}

/** (1000 × 2 + 100 × 10) / 1 000 000 USD. */
const TURN_COST = 0.003;

describe('turn traces: written with the turn, kept, exported and erased with the transcript', () => {
  let h: SessionsHarness;

  beforeAll(async () => {
    h = await startSessionsHarness({ replicas: 1, runner: runnerAnswer, llmPrices: PRICES });
  });
  afterAll(async () => h?.stop());

  const traceRows = async (conversationId: string) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM turn_traces WHERE conversation_id = ${conversationId}`.execute(h.ctx.db)).rows[0]?.n);
  const window = () => ({ from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

  it('keeps each turn’s nodes, calls (priced where the model has a price) and passages; another tenant sees none', async () => {
    const agent = await h.seedAgent(promptAgent);
    const other = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    await h.client.request('sessions.send', { sessionId: created.session_id, content: 'How do returns work?' });

    const trace = await h.client.request('sessions.conversation-trace', { tenantId: agent.tenantId, conversationId: created.conversation_id });
    expect(trace).toEqual({
      turns: [
        { turn: 0, node_path: ['answer'], llm_calls: [], tool_calls: [] },
        {
          turn: 1,
          node_path: ['answer', 'more'],
          llm_calls: [
            { model: 'priced', prompt_tokens: 1000, completion_tokens: 100, latency_ms: 40, cost: TURN_COST },
            { model: 'unpriced', prompt_tokens: 50, completion_tokens: 5, latency_ms: 7 },
          ],
          tool_calls: [],
          retrieval: PASSAGES,
        },
      ],
    });
    await expect(h.client.request('sessions.conversation-trace', { tenantId: other.tenantId, conversationId: created.conversation_id })).rejects.toMatchObject({
      code: 'not_found',
    });

    const cost = await h.client.request('sessions.llm-cost', { tenantId: agent.tenantId, agentId: agent.agentId, ...window() });
    expect(cost).toEqual({ usd: TURN_COST, versions: [{ version: 1, usd: TURN_COST }] });
    // By the analytics series' buckets: the UTC hour and day the turn was committed in.
    const priced = await h.ctx.db
      .selectFrom('turn_traces')
      .select('created_at')
      .where('conversation_id', '=', created.conversation_id)
      .where('cost_usd', 'is not', null)
      .execute();
    const committed = priced.map((row) => row.created_at.getTime());
    for (const [bucket, width] of [
      ['hour', 3_600_000],
      ['day', 86_400_000],
    ] as const) {
      const starts = [...new Set(committed.map((at) => new Date(Math.floor(at / width) * width).toISOString()))];
      const bucketed = await h.client.request('sessions.llm-cost', { tenantId: agent.tenantId, agentId: agent.agentId, ...window(), bucket });
      expect(bucketed.series?.map((point) => point.at)).toEqual(starts);
      expect(bucketed.series?.reduce((sum, point) => sum + point.usd, 0)).toBeCloseTo(TURN_COST, 9);
    }
    expect(await h.client.request('sessions.llm-cost', { tenantId: other.tenantId, agentId: agent.agentId, ...window() })).toEqual({ usd: 0, versions: [] });
  });

  it('reads a tenant’s cost through the index of priced traces, which a turn without a priced call adds nothing to', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    await h.client.request('sessions.send', { sessionId: created.session_id, content: 'And exchanges?' });
    const pool = new pg.Pool({ connectionString: h.ctx.databaseUrl, max: 1 });
    try {
      const queries: CompiledQuery[] = [];
      const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (event) => void (event.level === 'query' && queries.push(event.query)) });
      const { from, to } = window();
      expect(await new TurnTracesRepository(db).cost({ tenantId: agent.tenantId, from: new Date(from), to: new Date(to) })).toMatchObject({ usd: TURN_COST });
      const [query] = queries;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // The tables are a few rows: without this the planner reads them whole whatever the index.
        await client.query('SET LOCAL enable_seqscan = off');
        const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query?.sql}`, [...(query?.parameters ?? [])]);
        expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('turn_traces_priced_idx');
        // It holds the priced traces only: a read of all the tenant's traces cannot go through it,
        // as the start's (no LLM call) is not in it.
        const every = await client.query<{ 'QUERY PLAN': string }>('EXPLAIN SELECT * FROM turn_traces WHERE tenant_id = $1 AND created_at >= $2', [
          agent.tenantId,
          new Date(from),
        ]);
        expect(every.rows.map((row) => row['QUERY PLAN']).join('\n')).not.toContain('turn_traces_priced_idx');
        expect(await traceRows(created.conversation_id)).toBe(2);
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
  });

  it('exports the traces with the visitor’s data, and erases them with the conversation (both ways) and with retention', async () => {
    const agent = await h.seedAgent(promptAgent);
    const created = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId, metadata: { user_id: 'user-9' } });
    await h.client.request('sessions.send', { sessionId: created.session_id, content: 'returns?' });

    const { conversations } = await h.client.request('sessions.privacy.conversations', {
      tenantId: agent.tenantId,
      visitor: { userId: 'user-9' },
      linkIds: [],
      onlyLinks: false,
      after: null,
      limit: 10,
    });
    expect(conversations.map((c) => c.id)).toEqual([created.conversation_id]);
    const page = (after: number | null, limit: number, tenantId = agent.tenantId) =>
      h.client.request('sessions.privacy.traces', { tenantId, conversationId: created.conversation_id, after, limit });
    expect((await page(null, 10)).traces).toEqual([
      { turn: 0, node_path: ['answer'], llm_calls: [] },
      {
        turn: 1,
        node_path: ['answer', 'more'],
        llm_calls: [
          { model: 'priced', prompt_tokens: 1000, completion_tokens: 100, latency_ms: 40, cost: TURN_COST },
          { model: 'unpriced', prompt_tokens: 50, completion_tokens: 5, latency_ms: 7 },
        ],
        retrieval: PASSAGES,
      },
    ]);
    // Page after page, by turn; another tenant's conversation has none.
    expect((await page(0, 1)).traces.map((t) => t.turn)).toEqual([1]);
    expect((await page(null, 10, (await h.seedAgent(promptAgent)).tenantId)).traces).toEqual([]);

    await h.client.request('sessions.privacy.erase-visitor', { tenantId: agent.tenantId, visitor: { userId: 'user-9' }, linkIds: [] });
    expect(await traceRows(created.conversation_id)).toBe(0);
    expect((await h.client.request('sessions.llm-cost', { tenantId: agent.tenantId, agentId: agent.agentId, ...window() })).usd).toBe(0);

    // A visitor erasing their own conversation takes its traces along; its link's cost with them.
    const link = await seedLink(h, promptAgent);
    const started = await h.client.request('sessions.public-send', { link: await link.access(), content: 'returns, maybe?' });
    expect(await traceRows(started.conversation_id)).toBe(2);
    expect((await h.client.request('sessions.llm-cost', { tenantId: link.tenantId, linkId: link.linkId, ...window() })).usd).toBe(TURN_COST);
    await h.client.request('sessions.privacy.erase-session', { linkId: link.linkId, credentialHash: sha256Hex(started.session as string) });
    expect(await traceRows(started.conversation_id)).toBe(0);

    // Retention purges an ended conversation's traces with its messages.
    const ended = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    await h.client.request('sessions.send', { sessionId: ended.session_id, content: 'returns at last?' });
    await h.client.request('sessions.end', { sessionId: ended.session_id });
    expect(await traceRows(ended.conversation_id)).toBe(2);
    await sql`UPDATE text_conversations SET ended_at = now() - interval '40 days' WHERE id = ${ended.conversation_id}`.execute(h.ctx.db);
    await h.client.request('sessions.purge-ended', { olderThanDays: 30, limit: 100 });
    expect(await traceRows(ended.conversation_id)).toBe(0);
  });
});
