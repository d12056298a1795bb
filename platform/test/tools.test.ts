import {
  createTestContext,
  type FakeLlm,
  freePort,
  lastUserMessage,
  linkTestKeyEnv,
  orderStatusTool,
  type ShopService,
  startFakeLlm,
  startShopService,
  type TestContext,
  toolMessages,
  waitFor,
} from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOtlpReceiver } from './otlp-receiver.js';
import { type ManagedProcess, startService, waitForHttp } from './process-harness.js';
import { manage, type RawResponse, SignedClient } from './signed-client.js';

const ADMIN_KEY = 'tools-admin-key-0123456789';
const CHAT_SECRET = 'tools-chat-secret-0123456789';
/** The tenant's secret: searched for in everything the platform answers, logs, traces and keeps. */
const SHOP_KEY = 'sk-shop-4f1c9e7a2b8d6053';

/** The model: asks for the call the visitor's words call for, then answers from its result. */
function model(req: Parameters<Parameters<FakeLlm['setHandler']>[0]>[0]) {
  const results = toolMessages(req);
  const asked = lastUserMessage(req);
  if (results.length === 0) {
    if (asked.includes('BK-1042')) return { toolCalls: [{ name: 'order_status', arguments: { order_id: 'BK-1042' } }] };
    if (asked.includes('lamp')) return { toolCalls: [{ name: 'place_order', arguments: { item: 'lamp' } }] };
    return { content: 'How can I help?' };
  }
  const result = JSON.parse(String(results[0]?.content)) as { id?: string; status?: string; error?: string };
  return { content: result.error ? `That did not work (${result.error}).` : `Order ${result.id} is ${result.status}.` };
}

/** An order desk: looks orders up and places them, the shop's key in a header and in the query. */
const agentConfig = (shop: string) => ({
  llm: { model: 'gpt-4o-mini' },
  tools: [
    orderStatusTool(shop, {
      http: { url: `${shop}/api/orders/{{args.order_id}}?key={{secrets.SHOP_KEY}}`, headers: { Authorization: 'Bearer {{secrets.SHOP_KEY}}' } },
    }),
    {
      name: 'place_order',
      description: 'Place an order for an item',
      http: { method: 'POST', url: `${shop}/api/orders`, headers: { 'X-Api-Key': '{{secrets.SHOP_KEY}}' }, body: { item: '{{args.item}}' } },
      parameters: { type: 'object', properties: { item: { type: 'string' } }, required: ['item'] },
      timeout_ms: 30_000,
    },
  ],
  workflow: {
    initial_node: 'desk',
    nodes: [{ id: 'desk', name: 'Order desk', prompt: 'You look orders up and place them.', tools: ['order_status', 'place_order'] }],
  },
});

interface Service {
  proc: ManagedProcess;
  health: string;
}

/**
 * Agents' tools with every service a process of its own (docs/workflow.md "Tools"): a turn that
 * calls a tool through the Text Chat API, the tenant's secret nowhere it should not be, and a
 * runner killed while a call is in flight.
 */
describe('tools, each service its own process', () => {
  let ctx: TestContext;
  let llm: FakeLlm;
  let shop: ShopService;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  const services: Record<string, Service> = {};
  let gatewayUrl: string;
  let chat: SignedClient;
  let tenantId: string;
  let agentId: string;
  /** Every answer the platform gave in this test, to search for the secret. */
  const answers: RawResponse[] = [];
  let runnerVars: Record<string, string>;

  const start = async (service: string, name: string, vars: Record<string, string>) => {
    const port = String(await freePort());
    services[name] = { proc: startService(service, { ...vars, HEALTH_PORT: port }, name), health: `http://127.0.0.1:${port}` };
    await waitForHttp(`${services[name].health}/readyz`, services[name].proc, { timeoutMs: 25_000 });
  };
  const kept = async <T>(answer: Promise<RawResponse<T>>) => {
    const got = await answer;
    answers.push(got);
    return got;
  };

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'tools' });
    [llm, shop, receiver] = await Promise.all([startFakeLlm({ handler: model }), startShopService(), startOtlpReceiver()]);
    // Debug logs and traces: the secret must be in neither, however much is written.
    const common = {
      NATS_URL: ctx.natsUrl,
      REDIS_URL: ctx.redisUrl,
      BUS_NAMESPACE: ctx.namespace,
      LOG_LEVEL: 'debug',
      SHUTDOWN_TIMEOUT_SECONDS: '5',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    const withDb = { ...common, DATABASE_URL: ctx.databaseUrl, ...linkTestKeyEnv };
    const port = await freePort();
    gatewayUrl = `http://127.0.0.1:${port}`;
    // The shop is on loopback: the runners may reach it only with TOOLS_ALLOW_PRIVATE.
    runnerVars = { ...common, OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'fake-key', LLM_MAX_RETRIES: '0', TOOLS_ALLOW_PRIVATE: 'true' };
    await Promise.all([
      start('gateway', 'gateway', { ...common, ADMIN_API_KEY: ADMIN_KEY, CHAT_API_SECRET: CHAT_SECRET, PORT: String(port), HOST: '127.0.0.1' }),
      start('links', 'links', withDb),
      start('sessions', 'sessions', withDb),
      start('agent-runner', 'runner-a', runnerVars),
    ]);
    chat = new SignedClient(gatewayUrl, CHAT_SECRET);
    const tenant = await kept(manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/tenants', { name: 'Order desk' }));
    expect(tenant.status, JSON.stringify(tenant.body)).toBe(201);
    tenantId = tenant.body.id;
    const secret = await kept(manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/secrets', { name: 'SHOP_KEY', value: SHOP_KEY }, tenantId));
    expect(secret.status, JSON.stringify(secret.body)).toBe(201);
    const agent = await kept(manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/agents', { name: 'desk', config: agentConfig(shop.url) }, tenantId));
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    agentId = agent.body.id;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((s) => s.proc.stop(5_000)));
    await Promise.all([llm?.close(), shop?.close(), receiver?.close()]);
    await ctx?.cleanup();
  });

  it('a visitor asks where their order is: the model calls the tool, the reply says its status and reports the call; the transcript keeps its result', async () => {
    const created = await kept(chat.createSession({ tenant_id: tenantId, agent_id: agentId }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.tool_calls).toEqual([]);
    const sent = await kept(chat.send(created.body.session_id, 'where is my order BK-1042?'));
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.response).toBe('Order BK-1042 is shipped.');
    expect(sent.body.tool_calls).toEqual([{ tool: 'order_status', arguments: { order_id: 'BK-1042' }, status: 'ok', duration_ms: expect.any(Number) }]);
    // The shop got the key where the tool puts it.
    const asked = shop.requests.find((r) => r.path.startsWith('/api/orders/BK-1042'));
    expect(asked?.headers.authorization).toBe(`Bearer ${SHOP_KEY}`);
    expect(asked?.path).toBe(`/api/orders/BK-1042?key=${SHOP_KEY}`);

    const transcript = await kept(manage(gatewayUrl, ADMIN_KEY, 'GET', `/api/conversations/${created.body.conversation_id}`, undefined, tenantId));
    const tool = transcript.body.messages.find((m: { role: string }) => m.role === 'tool');
    expect(tool.tool_call).toMatchObject({ tool: 'order_status', status: 'ok', result: { id: 'BK-1042', status: 'shipped' } });

    const listed = await kept(manage(gatewayUrl, ADMIN_KEY, 'GET', '/api/agents/desk/versions/1/tools', undefined, tenantId));
    expect(listed.body.tools.map((t: { name: string }) => t.name)).toEqual(['order_status', 'place_order']);
  });

  it('the runner killed while a call to place an order is in flight: the turn completes once, and the shop sees the same call key twice but places one order', async () => {
    const created = await kept(chat.createSession({ tenant_id: tenantId, agent_id: agentId }));
    const before = shop.requests.length;
    shop.mode = { kind: 'hold' };
    const pending = kept(chat.send(created.body.session_id, 'please order a lamp', { 'idempotency-key': `lamp-${created.body.session_id}` }));
    await shop.received(before + 1);
    await start('agent-runner', 'runner-b', runnerVars);
    expect((await services['runner-a']?.proc.kill())?.signal).toBe('SIGKILL');
    shop.mode = { kind: 'ok' };

    // The turn is offered to runner-b once runner-a's ack wait passes without a beat.
    const reply = await pending;
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const posts = shop.requests.slice(before).filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    const key = posts[0]?.headers['idempotency-key'];
    expect(key).toBeTruthy();
    expect(posts[1]?.headers['idempotency-key']).toBe(key);
    expect(shop.placed.get(key as string)).toBeDefined();
    expect(reply.body.response).toBe(`Order BK-${2000 + (shop.placed.get(key as string) ?? 0)} is placed.`);
    expect(reply.body.tool_calls).toEqual([{ tool: 'place_order', arguments: { item: 'lamp' }, status: 'ok', duration_ms: expect.any(Number) }]);

    // The greeting, then one turn stored once: the visitor's message, the call, the reply.
    const transcript = await kept(manage(gatewayUrl, ADMIN_KEY, 'GET', `/api/conversations/${created.body.conversation_id}`, undefined, tenantId));
    expect(transcript.body.messages.map((m: { role: string }) => m.role)).toEqual(['assistant', 'user', 'tool', 'assistant']);
  }, 60_000);

  it('the secret is in no answer, no log line of any process, no trace and no audit entry', async () => {
    const audit = await kept(manage(gatewayUrl, ADMIN_KEY, 'GET', '/api/audit', undefined, tenantId));
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).toContain('secret.create');
    // Spans are exported every 100 ms: wait until the runners' tool calls have arrived.
    await waitFor(() => receiver.spans.some((span) => span.service === 'parley-agent-runner'), { timeoutMs: 10_000 });
    const places = {
      answers: JSON.stringify(answers.map((a) => a.body)),
      traces: JSON.stringify(receiver.spans),
      ...Object.fromEntries(Object.entries(services).map(([name, s]) => [`${name} output`, s.proc.stdout + s.proc.stderr])),
    };
    for (const [place, text] of Object.entries(places)) expect(text.includes(SHOP_KEY), `the secret in ${place}`).toBe(false);
    // The search saw something: the runners logged at debug and exported their spans.
    expect(places.traces.length).toBeGreaterThan(1_000);
  });
});
