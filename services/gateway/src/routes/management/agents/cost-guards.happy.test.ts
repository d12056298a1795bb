import type { AnalyticsReport } from '@parley/contracts';
import { type FakeLlm, greetThenAskLlmAgent, replyWith, startFakeLlm, waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { callTool, httpClient, listen } from '../../mcp/mcp.test-kit.js';
import { socketOpener } from '../../public/live/public-socket.test-kit.js';
import { ADDRESSES, analyticsWhen, visit } from '../analytics/analytics.test-kit.js';

/** Every reply of the fake LLM reports 30 prompt and 10 completion tokens: a turn costs exactly 40. */
const TURN = { prompt: 30, completion: 10 };
const agent = greetThenAskLlmAgent('Hello! Ask me anything.');
const DEFAULT_WORDS = 'This chat has reached its limit for today. Please come back tomorrow.';

describe('cost guards: daily token budgets of links, visitors and tenants', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  const sockets = socketOpener();
  let listening: Promise<string> | undefined;
  const base = () => {
    listening ??= listen(h);
    return listening;
  };

  beforeAll(async () => {
    llm = await startFakeLlm();
    // With live events a visitor's replies stream (the Text Chat API's come whole): both are counted.
    h = await startGatewayHarness({}, { llmBaseUrl: llm.url, live: {} });
  });
  afterAll(async () => {
    sockets.closeAll();
    await h?.stop();
    await llm?.close();
  });
  beforeEach(() => {
    llm.reset();
    llm.setHandler(replyWith({ content: 'Sure, here is an answer.', usage: TURN }));
  });

  const newLink = async (tenantId: string, name: string, settings: Record<string, unknown>) => {
    const made = await h.admin('POST', `/api/agents/${name}/public-links`, { title: 'Help', ...settings }, tenantId);
    expect(made.status, made.text).toBe(201);
    return made.body as { id: string; token: string };
  };
  const chat = async (token: string, body: Record<string, unknown>, from: string = ADDRESSES.us1) => {
    const answer = await visit(h, `/api/public/chat/${token}`, body, from);
    expect(answer.status, answer.text).toBe(200);
    return answer.body as { response: string; session: string; conversation_id: string; budget_exhausted?: boolean; notice?: string };
  };

  it("a link's daily budget: turns until it is spent (one may overshoot), then the link's words and no LLM call; counted in analytics", async () => {
    const { tenantId, name } = await h.seedAgent(agent, 'budgeted');
    const link = await newLink(tenantId, name, { budget: { tokens_per_day: 100 }, budget_exhausted_message: 'We are closed for today – see you tomorrow!' });

    const first = await chat(link.token, { content: 'one' });
    expect(first.response).toBe('Sure, here is an answer.');
    expect(first.budget_exhausted).toBeUndefined();
    await chat(link.token, { content: 'two', session: first.session }); // 80
    await chat(link.token, { content: 'three', session: first.session }); // 80 < 100: served, and spends 120
    expect(llm.requests).toHaveLength(3);

    const spent = await chat(link.token, { content: 'four', session: first.session });
    expect(spent).toMatchObject({ response: 'We are closed for today – see you tomorrow!', budget_exhausted: true });
    // The owner's words are shown as they wrote them: no code for the pages to translate.
    expect(spent.notice).toBeUndefined();
    // Another visitor of the link: the link's budget is everyone's.
    const other = await chat(link.token, { content: 'hello?' }, ADDRESSES.gb);
    expect(other).toMatchObject({ response: 'We are closed for today – see you tomorrow!', budget_exhausted: true });
    expect(llm.requests).toHaveLength(3);

    // The visitor's message and the link's words are stored; the workflow did not move.
    const history = await h.inject({ method: 'GET', url: `/api/public/history/${link.token}?session=${first.session}` });
    expect(history.body.messages.slice(-2).map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
      ['user', 'four'],
      ['assistant', 'We are closed for today – see you tomorrow!'],
    ]);
    expect(history.body.messages.at(-1)).not.toHaveProperty('notice');

    const expected = { prompt: 3 * TURN.prompt, completion: 3 * TURN.completion };
    const byLink = await analyticsWhen(
      h,
      `/api/links/${link.id}/analytics`,
      tenantId,
      (r) => r.tokens.prompt === expected.prompt && r.security_events.budget_exhausted === 2,
    );
    expect(byLink.tokens).toEqual(expected);
    expect(byLink.series.reduce((sum, bucket) => sum + bucket.tokens, 0)).toBe(120);
    const byAgent = await analyticsWhen(h, `/api/agents/${name}/analytics`, tenantId, (r) => r.tokens.prompt === expected.prompt);
    expect(byAgent.tokens).toEqual(expected);
  });

  it("the widget's WebSocket: a message answered by a spent budget is acknowledged with budget_exhausted, after the link's words", async () => {
    const { tenantId, name } = await h.seedAgent(agent, 'budgeted-socket');
    const link = await newLink(tenantId, name, { budget: { tokens_per_day: 40 }, budget_exhausted_message: 'Closed for today.' });
    const first = await chat(link.token, { content: 'one' });
    expect(first.budget_exhausted).toBeUndefined();
    const ws = sockets.open(await base(), link.token, first.session);
    await ws.opened;
    // The first turn spent the day's 40 tokens: the next message gets the link's words, and its ack says why.
    ws.send({ type: 'message', content: 'two', client_id: 'spent' });
    await waitFor(() => ws.frames.some((frame) => frame.type === 'ack' || frame.type === 'error'));
    const ackAt = ws.frames.findIndex((frame) => frame.type === 'ack');
    expect(ws.frames[ackAt]).toEqual({ type: 'ack', client_id: 'spent', message_id: expect.any(String), budget_exhausted: true });
    expect(
      ws.frames.slice(0, ackAt).some((frame) => frame.event === 'message' && frame.data.role === 'assistant' && frame.data.content === 'Closed for today.'),
    ).toBe(true);
    expect(llm.requests).toHaveLength(1);
  });

  it("a visitor's streamed reply is counted from the stream's usage, exactly", async () => {
    const { tenantId, name } = await h.seedAgent(agent, 'streamed');
    const link = await newLink(tenantId, name, { budget: { tokens_per_day: 40 } });
    const first = await chat(link.token, { content: 'one' });
    expect(llm.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const counted = await sql<{ link_id: string; visitor: string; tokens: number }>`
      SELECT link_id, visitor, tokens FROM token_usage_daily WHERE tenant_id = ${tenantId} ORDER BY link_id, visitor`.execute(h.ctx.db);
    // The tenant's row, the link's and the visitor's: 40 each.
    expect(counted.rows.map((r) => [r.link_id === '' ? 'tenant' : r.visitor === '' ? 'link' : 'visitor', Number(r.tokens)])).toEqual([
      ['tenant', 40],
      ['link', 40],
      ['visitor', 40],
    ]);
    const refused = await chat(link.token, { content: 'two', session: first.session });
    // The platform's default words carry their code, in the reply and in the history (docs/public-chat-api.md "Notices").
    expect(refused).toMatchObject({ response: DEFAULT_WORDS, budget_exhausted: true, notice: 'budget_exhausted' });
    const history = await h.inject({ method: 'GET', url: `/api/public/history/${link.token}?session=${first.session}` });
    expect(history.body.messages.at(-1)).toMatchObject({ role: 'assistant', content: DEFAULT_WORDS, notice: 'budget_exhausted' });
    expect(history.body.messages.slice(0, -1).filter((m: { notice?: string }) => m.notice !== undefined)).toEqual([]);
    expect(llm.requests).toHaveLength(1);
  });

  it("a visitor's budget: visitor A spent is answered with the default words, even in a new session; visitor B on the same link is served", async () => {
    const { tenantId, name } = await h.seedAgent(agent, 'per-visitor');
    const link = await newLink(tenantId, name, { budget: { tokens_per_visitor_per_day: 50 } });

    const a = await chat(link.token, { content: 'one' }, ADDRESSES.us1);
    await chat(link.token, { content: 'two', session: a.session }, ADDRESSES.us1); // 40 < 50: served
    expect(await chat(link.token, { content: 'three', session: a.session }, ADDRESSES.us1)).toMatchObject({ response: DEFAULT_WORDS, budget_exhausted: true });
    // A new session from the same address the same day is the same visitor.
    expect(await chat(link.token, { content: 'again' }, ADDRESSES.us1)).toMatchObject({ response: DEFAULT_WORDS, budget_exhausted: true });
    expect(llm.requests).toHaveLength(2);

    const b = await chat(link.token, { content: 'hi' }, ADDRESSES.gb);
    expect(b.response).toBe('Sure, here is an answer.');
    expect(b.budget_exhausted).toBeUndefined();
    expect(llm.requests).toHaveLength(3);
    // Visitors are counted under a hash: no address, no visitor hash as it is in analytics.
    const keys = await sql<{ visitor: string }>`SELECT visitor FROM token_usage_daily WHERE link_id = ${link.id} AND visitor <> ''`.execute(h.ctx.db);
    expect(keys.rows).toHaveLength(2);
    for (const { visitor } of keys.rows) expect(visitor).toMatch(/^[0-9a-f]{64}$/);
  });

  it("the next UTC day starts again: yesterday's spending no longer counts", async () => {
    const { tenantId, name } = await h.seedAgent(agent, 'tomorrow');
    const link = await newLink(tenantId, name, { budget: { tokens_per_day: 40 } });
    const first = await chat(link.token, { content: 'one' });
    expect((await chat(link.token, { content: 'two', session: first.session })).budget_exhausted).toBe(true);
    // As if the day had turned: today's rows become yesterday's.
    await sql`UPDATE token_usage_daily SET day = day - 1 WHERE tenant_id = ${tenantId}`.execute(h.ctx.db);
    const next = await chat(link.token, { content: 'three', session: first.session });
    expect(next.response).toBe('Sure, here is an answer.');
    expect(llm.requests).toHaveLength(2);
  });

  it("a tenant's budget covers the Text Chat API (429 quota_exceeded, tokens) and every link of the tenant", async () => {
    const { tenantId, agentId, name } = await h.seedAgent(agent, 'tenant-budget');
    const set = await h.admin('PUT', `/api/tenants/${tenantId}`, { tokens_per_day: 50 });
    expect(set.status, set.text).toBe(200);
    expect(set.body.tokens_per_day).toBe(50);
    const listed = await h.admin('GET', '/api/tenants');
    expect(listed.body.tenants.find((t: { id: string }) => t.id === tenantId).tokens_per_day).toBe(50);

    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: tenantId, agent_id: agentId });
    expect(created.status, created.text).toBe(201);
    const messages = `/api/chat/sessions/${created.body.session_id}/messages`;
    expect((await h.signed('POST', messages, { content: 'one' })).status).toBe(200); // 40
    expect((await h.signed('POST', messages, { content: 'two' })).status).toBe(200); // 40 < 50: 80
    const refused = await h.signed('POST', messages, { content: 'three' });
    expect(refused.status, refused.text).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'quota_exceeded', details: { quota: 'tokens', budget: 'tenant' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(86_400);
    // The refused message made no turn, and no LLM was asked.
    const read = await h.signed('GET', `/api/chat/sessions/${created.body.session_id}`);
    expect(read.body.turns).toBe(2);
    expect(llm.requests).toHaveLength(2);
    // A new Text Chat API session is refused the same way.
    const another = await h.signed('POST', '/api/chat/sessions', { tenant_id: tenantId, agent_id: agentId });
    expect(another.status, another.text).toBe(429);

    // The tenant's links share the budget.
    const link = await newLink(tenantId, name, {});
    expect(await chat(link.token, { content: 'hello' })).toMatchObject({ response: DEFAULT_WORDS, budget_exhausted: true });
    expect(llm.requests).toHaveLength(2);

    // An agent that never asks the LLM spends nothing: the spent budget does not stop it.
    const menu = await h.admin(
      'POST',
      '/api/agents',
      {
        name: 'static-menu',
        config: {
          workflow: {
            initial_node: 'menu',
            nodes: [{ id: 'menu', name: 'Menu', static_text: 'Say hours or prices.', transitions: [{ to: 'menu', condition: 'user_responded' }] }],
          },
        },
      },
      tenantId,
    );
    expect(menu.status, menu.text).toBe(201);
    const staticSession = await h.signed('POST', '/api/chat/sessions', { tenant_id: tenantId, agent_id: menu.body.id });
    expect(staticSession.status, staticSession.text).toBe(201);
    const staticTurn = await h.signed('POST', `/api/chat/sessions/${staticSession.body.session_id}/messages`, { content: 'hours' });
    expect(staticTurn.status, staticTurn.text).toBe(200);
    expect(staticTurn.body.response).toBe('Say hours or prices.');
    const staticLink = await newLink(tenantId, 'static-menu', {});
    const visitor = await chat(staticLink.token, { content: 'prices' });
    expect(visitor.budget_exhausted).toBeUndefined();
    expect(visitor.response).toBe('Say hours or prices.');
    expect(llm.requests).toHaveLength(2);

    // null removes the budget (the sessions service reads it again within seconds).
    expect((await h.admin('PUT', `/api/tenants/${tenantId}`, { tokens_per_day: null })).body.tokens_per_day).toBeNull();
    await waitFor(async () => (await h.signed('POST', messages, { content: 'again' })).status === 200, { timeoutMs: 10_000, intervalMs: 500 });
    expect(llm.requests).toHaveLength(3);
  });

  it('a spent budget is a security event: analytics count it, and the MCP analytics tool shows it with the tokens', async () => {
    const { tenantId, name } = await h.seedAgent(agent, 'events');
    const link = await newLink(tenantId, name, { budget: { tokens_per_day: 1 } });
    const first = await chat(link.token, { content: 'one' });
    expect((await chat(link.token, { content: 'two', session: first.session })).budget_exhausted).toBe(true);
    const report = await analyticsWhen(
      h,
      `/api/links/${link.id}/analytics`,
      tenantId,
      (r: AnalyticsReport) => r.security_events.budget_exhausted === 1 && r.tokens.completion === 10,
    );
    expect(report.tokens).toEqual(TURN);
    const rows = await sql<{ kind: string }>`SELECT kind FROM security_events WHERE link_id = ${link.id}`.execute(h.ctx.db);
    expect(rows.rows.map((r) => r.kind)).toEqual(['budget_exhausted']);

    const { client } = await httpClient(await base(), ADMIN_KEY, tenantId);
    try {
      const viaMcp = await callTool<AnalyticsReport>(client, 'get_temporary_chat_analytics', { link_id: link.id, bucket: 'hour' });
      expect(viaMcp.isError, viaMcp.text).toBe(false);
      expect(viaMcp.body.tokens).toEqual(TURN);
      expect(viaMcp.body.security_events.budget_exhausted).toBe(1);
      expect(viaMcp.body.sentiment).toEqual(expect.objectContaining({ positive: expect.any(Number), average: null }));
      expect(viaMcp.body.series.reduce((sum, bucket) => sum + bucket.tokens, 0)).toBe(40);
    } finally {
      await client.close();
    }
  });
});
