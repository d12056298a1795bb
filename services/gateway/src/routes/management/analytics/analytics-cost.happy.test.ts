import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { callCost } from '@parley/config';
import type { AnalyticsAnswer } from '@parley/contracts';
import { type FakeLlm, replyWith, startFakeLlm } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { callTool, httpClient, listen } from '../../mcp/mcp.test-kit.js';
import { CALL_USAGE, TRACE_PRICES } from '../traces/trace.test-kit.js';

/** Greets without the LLM, then answers every message with it: one priced call a turn. */
const pricedAgent = {
  llm: { model: 'fake-model' },
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Ask me about our plans.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
      { id: 'answer', name: 'Answer', prompt: 'You answer questions about pricing.' },
    ],
  },
};

/** What one of the agent's turns costs at the deployment's LLM_PRICES (the fake LLM reports CALL_USAGE for every call). */
const PER_TURN = callCost(TRACE_PRICES, { model: 'fake-model', prompt_tokens: CALL_USAGE.prompt, completion_tokens: CALL_USAGE.completion }) as number;
const usd = (turns: number) => Math.round(turns * PER_TURN * 1e9) / 1e9;

/** The CSV's rows as cells by header (no quoted commas in analytics figures). */
function csvRows(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const names = (header ?? '').split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, index) => [names[index] ?? '', cell])));
}

describe('analytics of a link: what its LLM calls cost, in the JSON, the CSV and the MCP tool', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let baseUrl: string;
  let mcp: Client | undefined;

  beforeAll(async () => {
    llm = await startFakeLlm({ handler: replyWith({ content: 'Plans start free.', usage: CALL_USAGE }) });
    h = await startGatewayHarness({}, { llmBaseUrl: llm.url, llmPrices: TRACE_PRICES });
    baseUrl = await listen(h);
  });
  afterAll(async () => {
    await mcp?.close();
    await h?.stop();
    await llm?.close();
  });

  it("sums each link's own turns at LLM_PRICES, in all and per bucket, as JSON, CSV and through MCP", async () => {
    expect(PER_TURN).toBe(0.000228);
    const { key } = await h.seedTenant('Priced desk');
    expect((await h.withKey(key, 'POST', '/api/agents', { name: 'desk', config: pricedAgent })).status).toBe(201);
    const links = [];
    for (const title of ['Pricing page', 'Newsletter']) {
      const created = await h.withKey(key, 'POST', '/api/agents/desk/public-links', { title });
      expect(created.status, created.text).toBe(201);
      links.push(created.body as { id: string; token: string });
    }
    const [pricing, newsletter] = links as [{ id: string; token: string }, { id: string; token: string }];
    /** A visitor's conversation on a link: one LLM turn per message. */
    const chat = async (token: string, messages: string[]) => {
      let session: string | undefined;
      for (const content of messages) {
        const sent = await h.inject({
          method: 'POST',
          url: `/api/public/chat/${token}`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ content, ...(session ? { session } : {}) }),
        });
        expect(sent.status, sent.text).toBe(200);
        expect(sent.body.response).toContain('Plans start free.');
        session = sent.body.session;
      }
    };
    await chat(pricing.token, ['What does it cost?', 'And for a team?']);
    await chat(newsletter.token, ['Is there a free plan?']);
    expect(llm.requests).toHaveLength(3);

    // A window of whole hours around the turns: every answer below has the same buckets.
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const from = new Date(hour - 2 * 3_600_000).toISOString();
    const to = new Date(hour + 2 * 3_600_000).toISOString();
    const hourly = `bucket=hour&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

    // Each link costs its own turns only; the agent, all of them.
    const report = await h.withKey<AnalyticsAnswer>(key, 'GET', `/api/links/${pricing.id}/analytics?${hourly}`);
    expect(report.status, report.text).toBe(200);
    expect(report.body.cost).toEqual({ usd: usd(2) });
    const buckets = report.body.series.map((point) => point.cost?.usd ?? Number.NaN);
    expect(buckets).toHaveLength(4);
    expect(buckets.every((cost) => cost >= 0)).toBe(true);
    expect(buckets.reduce((sum, cost) => sum + cost, 0)).toBeCloseTo(usd(2), 9);
    expect((await h.withKey<AnalyticsAnswer>(key, 'GET', `/api/links/${newsletter.id}/analytics`)).body.cost).toEqual({ usd: usd(1) });
    expect((await h.withKey<AnalyticsAnswer>(key, 'GET', '/api/agents/desk/analytics')).body.cost).toEqual({ usd: usd(3) });

    // The CSV: a cost_usd column, each bucket's and the window's in the total row.
    const csv = await h.withKey(key, 'GET', `/api/links/${pricing.id}/analytics?${hourly}&format=csv`);
    expect(csv.status, csv.text).toBe(200);
    const rows = csvRows(csv.text);
    expect(csv.text.split(/\r?\n/)[0]).toBe('at,sessions,messages,tokens,ended,resolved,resolution_rate,sentiment,cost_usd');
    const total = rows.at(-1);
    expect(total?.at).toBe('total');
    expect(Number(total?.cost_usd)).toBe(usd(2));
    expect(rows.slice(0, -1).map((row) => Number(row.cost_usd))).toEqual(buckets);
    const agentCsv = csvRows((await h.withKey(key, 'GET', '/api/agents/desk/analytics?format=csv')).text);
    expect(Number(agentCsv.at(-1)?.cost_usd)).toBe(usd(3));

    // The MCP tool says it answers the cost, and does: the route's own figures.
    ({ client: mcp } = await httpClient(baseUrl, key));
    const { tools } = await mcp.listTools();
    expect(tools.find((tool) => tool.name === 'get_temporary_chat_analytics')?.description).toContain('cost.usd');
    const viaMcp = await callTool<AnalyticsAnswer>(mcp, 'get_temporary_chat_analytics', { link_id: pricing.id, bucket: 'hour', from, to });
    expect(viaMcp.isError, viaMcp.text).toBe(false);
    expect(viaMcp.body.cost).toEqual({ usd: usd(2) });
    expect(viaMcp.body.series.map((point) => point.cost?.usd)).toEqual(buckets);
  });
});
