import { randomUUID } from 'node:crypto';
import { type McpToolServer, orderStatusTool, type ShopService, startMcpToolServer, startShopService, toolMessages } from '@parley/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunnerHarness, startRunnerHarness, type TurnRequest } from './runner-harness.js';

const SHOP_KEY = 'shop-key-9f8e7d6c5b4a';

/** An agent whose prompt node may call the shop's `order_status` (http) and the CRM's tools (mcp). */
function orderAgent(shop: string, crm: string, extra: { tools?: string[]; node?: Record<string, unknown> } = {}) {
  return {
    tools: [
      orderStatusTool(shop, { http: { headers: { Authorization: 'Bearer {{secrets.SHOP_KEY}}' } }, timeout_ms: 1_000 }),
      { name: 'crm', mcp: { url: crm, headers: { Authorization: 'Bearer {{secrets.SHOP_KEY}}' } }, allow: ['order_status', 'find_customer'] },
    ],
    workflow: {
      initial_node: 'qa',
      nodes: [{ id: 'qa', name: 'Q&A', prompt: 'You help with orders.', tools: extra.tools ?? ['order_status'], ...extra.node }],
    },
  };
}

/** The model: calls `fn` with the order number first, then answers from what the call returned. */
const callsThenAnswers = (fn: string) => (req: { body: { messages?: { role: string; content?: unknown }[] } }) => {
  const results = toolMessages(req as never);
  if (results.length === 0) return { toolCalls: [{ name: fn, arguments: { order_id: 'BK-1042' } }] };
  const said = JSON.parse(String(results[0]?.content)) as { status?: string; error?: string };
  return { content: said.status ? `Your order BK-1042 is ${said.status}.` : `I could not look it up (${said.error}).` };
};

describe('runner.turn with tools', () => {
  let h: RunnerHarness;
  let shop: ShopService;
  let crm: McpToolServer;

  beforeAll(async () => {
    [shop, crm] = await Promise.all([startShopService(), startMcpToolServer()]);
    // The test's services are on loopback: the guard lets them through only with TOOLS_ALLOW_PRIVATE.
    h = await startRunnerHarness({ tools: { allowPrivate: true } });
  });
  afterAll(async () => {
    await h?.stop();
    await Promise.all([shop?.close(), crm?.close()]);
  });
  beforeEach(() => {
    h.llm.reset();
    shop.mode = { kind: 'ok' };
  });

  const turn = (agentId: string, tenantId: string, message: string, turnKey: string = randomUUID()): TurnRequest => ({
    agentId,
    version: 1,
    conversationId: randomUUID(),
    sessionId: 'text_tools-test',
    state: { nodeId: 'qa', collectedData: {}, visitTurns: 0 },
    message,
    history: [],
    turnKey,
    tenantId,
  });

  it('the model calls an http tool with the secret in its header and the call key; the reply says what the shop said', async () => {
    const agent = await h.seedAgent(orderAgent(shop.url, crm.url), { secrets: { SHOP_KEY } });
    h.llm.setHandler(callsThenAnswers('order_status'));
    const before = shop.requests.length;
    const outcome = await h.client.request('runner.turn', turn(agent.agentId, agent.tenantId, 'where is my order BK-1042?', 'turn-a'));

    expect(outcome.response).toBe('Your order BK-1042 is shipped.');
    expect(outcome.toolCalls).toEqual([
      expect.objectContaining({
        tool: 'order_status',
        arguments: { order_id: 'BK-1042' },
        status: 'ok',
        node_id: 'qa',
        result: expect.objectContaining({ status: 'shipped' }),
      }),
    ]);
    const sent = shop.requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual(['/api/orders/BK-1042']);
    expect(sent[0]?.headers.authorization).toBe(`Bearer ${SHOP_KEY}`);
    expect(sent[0]?.headers['idempotency-key']).toBe('turn-a:1');
    // The model was offered the tool with its schema, and read the result back.
    expect(h.llm.requests[0]?.body.tools).toEqual([
      {
        type: 'function',
        function: { name: 'order_status', description: 'Look up an order by its number', parameters: expect.objectContaining({ required: ['order_id'] }) },
      },
    ]);
    expect(JSON.stringify(h.llm.requests)).not.toContain(SHOP_KEY);
    expect(JSON.stringify(outcome)).not.toContain(SHOP_KEY);
  });

  it('the same through an MCP server’s tool, its headers rendered with the secret', async () => {
    const agent = await h.seedAgent(orderAgent(shop.url, crm.url, { tools: ['crm.order_status'] }), { secrets: { SHOP_KEY } });
    h.llm.setHandler(callsThenAnswers('crm__order_status'));
    const outcome = await h.client.request('runner.turn', turn(agent.agentId, agent.tenantId, 'where is my order BK-1042?'));
    expect(outcome.response).toBe('Your order BK-1042 is shipped.');
    expect(outcome.toolCalls?.[0]).toMatchObject({ tool: 'crm.order_status', status: 'ok' });
    expect(crm.calls.at(-1)).toEqual({ tool: 'order_status', args: { order_id: 'BK-1042' }, authorization: `Bearer ${SHOP_KEY}` });
    // The allow list decides what the model sees: delete_everything is never offered.
    expect(JSON.stringify(h.llm.requests[0]?.body.tools)).not.toContain('delete_everything');
  });

  it('a call answered before is answered the same when its turn runs again: the shop is asked once', async () => {
    const agent = await h.seedAgent(orderAgent(shop.url, crm.url), { secrets: { SHOP_KEY } });
    h.llm.setHandler(callsThenAnswers('order_status'));
    const before = shop.requests.length;
    const first = await h.client.request('runner.turn', turn(agent.agentId, agent.tenantId, 'BK-1042?', 'turn-again'));
    const again = await h.client.request('runner.turn', turn(agent.agentId, agent.tenantId, 'BK-1042?', 'turn-again'));
    expect(again.response).toBe(first.response);
    expect(shop.requests.length - before).toBe(1);
  });

  it('lists what an agent version can call: its http tools and its MCP server’s allowed tools, asked live', async () => {
    const agent = await h.seedAgent(orderAgent(shop.url, crm.url), { secrets: { SHOP_KEY } });
    const { tools } = await h.client.request('runner.tools', { tenantId: agent.tenantId, agentId: agent.agentId, version: 1 });
    expect(tools.map((tool) => tool.name).sort()).toEqual(['crm.find_customer', 'crm.order_status', 'order_status']);
    expect(tools.find((tool) => tool.name === 'crm.find_customer')).toMatchObject({ description: 'A customer by e-mail', parameters: { type: 'object' } });
  });

  it('a server that does not answer is listed with why', async () => {
    const gone = await startMcpToolServer();
    await gone.close();
    const agent = await h.seedAgent(orderAgent(shop.url, gone.url), { secrets: { SHOP_KEY } });
    const { tools } = await h.client.request('runner.tools', { tenantId: agent.tenantId, agentId: agent.agentId, version: 1 });
    expect(tools.find((tool) => tool.name === 'crm')).toMatchObject({ error: expect.any(String) });
    expect(JSON.stringify(tools)).not.toContain(SHOP_KEY);
  });

  it.each([
    ['down', { kind: 'down' as const }, 'error'],
    ['slow', { kind: 'slow' as const, delayMs: 3_000 }, 'timeout'],
  ])('a shop that is %s is a result the model speaks about, not a failed turn', async (_name, mode, status) => {
    const agent = await h.seedAgent(orderAgent(shop.url, crm.url), { secrets: { SHOP_KEY } });
    h.llm.setHandler(callsThenAnswers('order_status'));
    shop.mode = mode;
    const started = performance.now();
    const outcome = await h.client.request('runner.turn', turn(agent.agentId, agent.tenantId, 'BK-1042?'));
    expect(outcome.response).toBe(`I could not look it up (${status}).`);
    expect(outcome.toolCalls?.[0]?.status).toBe(status);
    // Within the tool's timeout (1 s) and the model's own time.
    expect(performance.now() - started).toBeLessThan(2_500);
  });
});

describe('runner.turn with tools, without TOOLS_ALLOW_PRIVATE', () => {
  let h: RunnerHarness;
  let shop: ShopService;
  beforeAll(async () => {
    shop = await startShopService();
    h = await startRunnerHarness();
  });
  afterAll(async () => {
    await h?.stop();
    await shop?.close();
  });

  it.each([
    ['loopback', () => shop.url],
    ['the cloud metadata address', () => 'http://169.254.169.254'],
    ['a name resolving to loopback', () => `http://localhost:${new URL(shop.url).port}`],
    ['a private network', () => 'http://10.1.2.3'],
  ])('a tool URL on %s is refused, and the shop never hears of it', async (_name, base) => {
    const agent = await h.seedAgent(orderAgent(base(), 'https://crm.example/mcp'), { secrets: { SHOP_KEY } });
    h.llm.setHandler(callsThenAnswers('order_status'));
    const outcome = await h.client.request('runner.turn', {
      agentId: agent.agentId,
      version: 1,
      conversationId: randomUUID(),
      sessionId: 'text_tools-test',
      state: { nodeId: 'qa', collectedData: {}, visitTurns: 0 },
      message: 'BK-1042?',
      history: [],
      turnKey: randomUUID(),
      tenantId: agent.tenantId,
    });
    expect(outcome.toolCalls?.[0]).toMatchObject({ status: 'refused', error: expect.stringContaining('tools may not reach it') });
    expect(outcome.response).toBe('I could not look it up (refused).');
    expect(shop.requests).toHaveLength(0);
  });
});
