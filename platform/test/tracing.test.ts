import { spawnSync } from 'node:child_process';
import {
  createTestContext,
  type FakeLlm,
  freePort,
  greetThenAskLlmAgent,
  lastUserMessage,
  linkTestKeyEnv,
  startFakeLlm,
  type TestContext,
  waitFor,
} from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, type ReceivedSpan, SERVER, startOtlpReceiver } from './otlp-receiver.js';
import { childEnv, type ManagedProcess, REPO_ROOT, spawnNode, startService, waitForHttp } from './process-harness.js';
import { manage, SignedClient } from './signed-client.js';

const ADMIN_KEY = 'tracing-admin-key-0123456789';
const CHAT_SECRET = 'tracing-chat-secret-0123456789';

/** A static greeting, then every message answered by the LLM. */
const agentConfig = greetThenAskLlmAgent('Hello, traced.');

/**
 * Builds a service as production runs it (tsdown: `services/<name>/dist/main.js`, npm packages
 * external) and starts that bundle. Tracing must work there as well as under tsx, where the
 * modules it instruments load in a different order.
 */
function startBundle(service: string, vars: Record<string, string>): ManagedProcess {
  const build = spawnSync(process.execPath, [`${REPO_ROOT}node_modules/tsdown/dist/run.mjs`, '--logLevel', 'error'], {
    cwd: `${REPO_ROOT}services/${service}`,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`building ${service} failed:\n${build.stdout}\n${build.stderr}`);
  return spawnNode(`${service} (bundle)`, [`services/${service}/dist/main.js`], { env: childEnv(vars) });
}

describe('tracing across the services, each its own process', () => {
  let ctx: TestContext;
  let llm: FakeLlm;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  const procs: ManagedProcess[] = [];
  let gatewayUrl: string;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'tracing' });
    llm = await startFakeLlm();
    receiver = await startOtlpReceiver();
    const tracing = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // Exported every 100 ms, so the test waits a moment, not the default 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    const common = {
      ...tracing,
      NATS_URL: ctx.natsUrl,
      REDIS_URL: ctx.redisUrl,
      BUS_NAMESPACE: ctx.namespace,
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_SECONDS: '5',
    };
    const withDb = { ...common, DATABASE_URL: ctx.databaseUrl, ...linkTestKeyEnv };
    const port = await freePort();
    gatewayUrl = `http://127.0.0.1:${port}`;
    const health = async () => String(await freePort());
    const started: Array<[ManagedProcess, string]> = [];
    const start = async (service: string, vars: Record<string, string>, form: 'tsx' | 'bundle') => {
      const healthPort = await health();
      const proc = (form === 'tsx' ? startService : startBundle)(service, { ...vars, HEALTH_PORT: healthPort });
      procs.push(proc);
      started.push([proc, `http://127.0.0.1:${healthPort}/readyz`]);
    };
    // Both forms a service runs in: the gateway (HTTP server spans) and sessions (PostgreSQL
    // spans) as production bundles, links and the runner under tsx as in development.
    await start('gateway', { ...common, ADMIN_API_KEY: ADMIN_KEY, CHAT_API_SECRET: CHAT_SECRET, PORT: String(port), HOST: '127.0.0.1' }, 'bundle');
    // Webhooks go to the loopback receiver in the test below.
    await start('links', { ...withDb, WEBHOOK_ALLOW_PRIVATE: 'true' }, 'tsx');
    await start('sessions', withDb, 'bundle');
    await start('agent-runner', { ...common, OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'fake-key', LLM_MAX_RETRIES: '0' }, 'tsx');
    await Promise.all(started.map(([proc, url]) => waitForHttp(url, proc, { timeoutMs: 25_000 })));
  }, 40_000);

  afterAll(async () => {
    await Promise.all(procs.map((proc) => proc.stop(5_000)));
    await llm?.close();
    await receiver?.close();
    await ctx?.cleanup();
  });

  it('exports one trace per turn: gateway → sessions → runner → LLM, with the database queries, each parent in the trace', async () => {
    const tenant = await manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/tenants', { name: 'Tracing' });
    expect(tenant.status, JSON.stringify(tenant.body)).toBe(201);
    const agent = await manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/agents', { name: 'traced', config: agentConfig }, tenant.body.id);
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    const chat = new SignedClient(gatewayUrl, CHAT_SECRET);
    const created = await chat.createSession({ tenant_id: tenant.body.id, agent_id: agent.body.id });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const sessionId: string = created.body.session_id;

    // The model reports its tokens: the LLM call's span carries them as it reported them.
    llm.setHandler((req) => ({ content: `Echo: ${lastUserMessage(req)}`, usage: { prompt: 21, completion: 7 } }));
    const sent = await chat.send(sessionId, 'Is this traced?');
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ response: 'Echo: Is this traced?', turn_number: 1 });
    expect(llm.requests).toHaveLength(1);

    const isTurnRequest = (span: ReceivedSpan) =>
      span.service === 'parley-gateway' && span.kind === SERVER && span.attributes['http.route'] === '/api/chat/sessions/:session_id/messages';
    const llmPort = new URL(llm.url).port;
    const isLlmCall = (span: ReceivedSpan) =>
      span.kind === CLIENT && [span.attributes['server.port'], span.attributes['net.peer.port']].some((port) => String(port) === llmPort);
    const isQuery = (span: ReceivedSpan) => span.attributes['db.system'] === 'postgresql' || span.attributes['db.system.name'] === 'postgresql';

    // Each service exports on its own schedule: wait until the whole turn has arrived.
    const trace = await waitFor(
      () => {
        const root = receiver.spans.find(isTurnRequest);
        if (!root) return false;
        const spans = receiver.spans.filter((span) => span.traceId === root.traceId);
        const complete =
          spans.some((span) => span.service === 'parley-sessions' && span.name === 'sessions.send') &&
          spans.some((span) => span.service === 'parley-agent-runner' && span.name === 'runner.turn') &&
          spans.some(isLlmCall) &&
          spans.some((span) => span.name === 'chat fake-model') &&
          spans.some(isQuery);
        return complete ? { root, spans } : false;
      },
      { timeoutMs: 15_000 },
    ).catch((error: unknown) => {
      const seen = receiver.spans.map((span) => `${span.service} ${span.name} ${span.traceId.slice(0, 8)}`).join('\n');
      throw new Error(`the turn's trace did not arrive complete: ${String(error)}\nspans received:\n${seen}`);
    });

    const { root, spans } = trace;
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
      const chain: ReceivedSpan[] = [];
      for (let parent = byId.get(span.parentSpanId); parent; parent = byId.get(parent.parentSpanId)) chain.push(parent);
      return chain;
    };
    const only = (predicate: (span: ReceivedSpan) => boolean, what: string) => {
      const found = spans.filter(predicate);
      expect(found, what).toHaveLength(1);
      return found[0] as ReceivedSpan;
    };

    // The gateway's HTTP server span starts the trace (the client sent no traceparent), named
    // by its route …
    expect(root.parentSpanId).toBe('');
    expect(root.name).toBe('POST /api/chat/sessions/:session_id/messages');
    // … and every other span of it has its parent in the same trace: no hop lost the context.
    for (const span of spans) {
      if (span !== root) expect(byId.has(span.parentSpanId), `${span.service} ${span.name} has its parent in the trace`).toBe(true);
    }

    const sessionsSpan = only((span) => span.service === 'parley-sessions' && span.name === 'sessions.send', 'sessions.send span');
    expect(sessionsSpan.kind).toBe(SERVER);
    expect(ancestors(sessionsSpan)).toContain(root);

    const runnerSpan = only((span) => span.service === 'parley-agent-runner' && span.name === 'runner.turn', 'runner.turn span');
    expect(runnerSpan.kind).toBe(SERVER);
    expect(ancestors(runnerSpan)).toContain(sessionsSpan);

    const llmSpan = only(isLlmCall, 'LLM call span');
    expect(llmSpan.service).toBe('parley-agent-runner');
    // A client span keeps the origin it called, not the path (a webhook's path is its secret).
    expect(llmSpan.attributes['url.full']).toBe(`${new URL(llm.url).origin}/REDACTED`);
    expect(ancestors(llmSpan)).toContain(runnerSpan);

    // The call as OpenTelemetry's GenAI semantic conventions describe it, under the turn's span.
    const chatSpan = only((span) => span.name === 'chat fake-model', 'GenAI chat span');
    expect(chatSpan.service).toBe('parley-agent-runner');
    expect(chatSpan.kind).toBe(CLIENT);
    expect(chatSpan.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'fake-model',
      'gen_ai.response.model': 'fake-model',
    });
    // OTLP/JSON writes an int64 as a string or a number.
    expect(Number(chatSpan.attributes['gen_ai.usage.input_tokens'])).toBe(21);
    expect(Number(chatSpan.attributes['gen_ai.usage.output_tokens'])).toBe(7);
    expect(ancestors(chatSpan)).toContain(runnerSpan);
    // The HTTP request is the call's own: its span is the chat span's child.
    expect(llmSpan.parentSpanId).toBe(chatSpan.spanId);

    // The turn's statements are in the trace, under sessions.send, without their parameters.
    const queries = spans.filter(isQuery);
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.every((span) => ancestors(span).includes(sessionsSpan) || ancestors(span).includes(root))).toBe(true);
    expect(queries.some((span) => span.service === 'parley-sessions' && ancestors(span).includes(sessionsSpan))).toBe(true);
    expect(JSON.stringify(queries)).not.toContain('Is this traced?');

    // Everything of this turn is in this one trace: the LLM was called once, in it.
    expect(receiver.spans.filter(isLlmCall).map((span) => span.traceId)).toEqual([root.traceId]);
  });
  it("keeps a public link's token and a visitor's session credential out of every span", async () => {
    const tenant = await manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/tenants', { name: 'Tracing links' });
    const agent = await manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/agents', { name: 'traced-link', config: agentConfig }, tenant.body.id);
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    const link = await manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/agents/traced-link/public-links', { title: 'Traced desk' }, tenant.body.id);
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    const token: string = link.body.token;
    // A webhook whose path is its secret, as a Slack or Teams incoming webhook's is.
    const hookSecret = 'T0001/B0001/hook-secret-path';
    const hook = await manage(
      gatewayUrl,
      ADMIN_KEY,
      'POST',
      '/api/webhooks',
      { url: `${receiver.url}/hooks/${hookSecret}`, events: ['conversation.started'] },
      tenant.body.id,
    );
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const post = (path: string, body: unknown) =>
      fetch(`${gatewayUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const started = await post(`/api/public/chat/${token}`, { content: 'Hello from a visitor' });
    expect(started.status).toBe(200);
    const { session } = (await started.json()) as { session: string };
    const history = await fetch(`${gatewayUrl}/api/public/history/${token}?session=${encodeURIComponent(session)}&limit=10`);
    expect(history.status).toBe(200);
    // An unknown link with a credential-looking query: no route, still no value kept.
    expect((await fetch(`${gatewayUrl}/api/public/nowhere/${token}?session=${encodeURIComponent(session)}`)).status).toBe(404);

    const historySpan = await waitFor(
      () => receiver.spans.find((span) => span.service === 'parley-gateway' && span.attributes['http.route'] === '/api/public/history/:token') ?? false,
    );
    expect(historySpan.name).toBe('GET /api/public/history/:token');
    expect(historySpan.attributes['url.path']).toBe('/api/public/history/:token');
    expect(historySpan.attributes['url.query']).toBe('session=REDACTED&limit=REDACTED');
    const chatSpan = await waitFor(
      () => receiver.spans.find((span) => span.service === 'parley-gateway' && span.attributes['http.route'] === '/api/public/chat/:token') ?? false,
    );
    expect(chatSpan.name).toBe('POST /api/public/chat/:token');
    const unrouted = await waitFor(
      () =>
        receiver.spans.find(
          (span) => span.kind === SERVER && span.attributes['url.query'] === 'session=REDACTED' && span.attributes['http.route'] === undefined,
        ) ?? false,
    );
    expect(unrouted).toMatchObject({ name: 'GET', attributes: { 'url.path': '/REDACTED', 'http.response.status_code': 404 } });
    // The visitor's turn reached the LLM within the trace, and nothing anywhere kept the secrets.
    await waitFor(() =>
      receiver.spans.some((span) => span.traceId === chatSpan.traceId && span.kind === CLIENT && String(span.attributes['url.full']).endsWith('/REDACTED')),
    );
    // The webhook went out from links; its span names the receiver's origin only.
    await waitFor(
      () =>
        receiver.spans.some((span) => span.service === 'parley-links' && span.kind === CLIENT && span.attributes['url.full'] === `${receiver.url}/REDACTED`),
      {
        timeoutMs: 10_000,
      },
    );
    const exported = JSON.stringify(receiver.spans);
    expect(exported).not.toContain(hookSecret);
    const leaks = receiver.spans.filter((span) => JSON.stringify(span).includes(token) || JSON.stringify(span).includes(session));
    expect(leaks.map((span) => `${span.service} ${span.name} ${JSON.stringify(span.attributes)}`)).toEqual([]);
    expect(exported).not.toContain(token);
    expect(exported).not.toContain(session);
  });
});
